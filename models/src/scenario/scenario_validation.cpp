// The rules that span several parameters (single values are checked by the schema as they are read), and where
// a scenario's communes file is.
#include "emile/models/scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace emile::models {
namespace {

[[noreturn]] void fail(const Scenario& scenario, const std::string& key, const std::string& value,
                       const std::string& problem) {
  // The key's own position; for a key left at its default, the first sibling written in the same table.
  auto where = scenario.locations.find(key);
  if (where == scenario.locations.end()) {
    const std::string parent = key.substr(0, key.rfind('.') + 1);
    for (auto it = scenario.locations.lower_bound(parent); it != scenario.locations.end() && it->first.starts_with(parent); ++it) {
      if (it->first.find('.', parent.size()) == std::string::npos &&
          (where == scenario.locations.end() || it->second.line < where->second.line)) {
        where = it;
      }
    }
  }
  throw sim::ScenarioError(where != scenario.locations.end() ? where->second : sim::SourceLocation{scenario.source.string(), 0, 0},
                           key, value, problem);
}


// Dates a scenario may use: results are read back as pandas timestamps, which end in 2262.
const sim::Date earliest_date = sim::Date::from_ymd(1900, 1, 1);
const sim::Date latest_date = sim::Date::from_ymd(2199, 12, 31);

void require_date_window(const Scenario& scenario, const std::string& key, sim::Date date) {
  if (date < earliest_date || date > latest_date) {
    fail(scenario, key, date.iso(), "must be between " + earliest_date.iso() + " and " + latest_date.iso());
  }
}

// What one replication holds in memory grows with the territories' figures: every dwelling (about 20 bytes) and
// every employer (about 60 bytes) is simulated, and each territory whose communes are synthesised gets travel
// times between every pair of its communes (12 bytes a pair). These totals are refused before anything is
// allocated; they are well above every département outside Île-de-France together (scenarios/national.toml:
// 26.9 million dwellings, 1.7 million employers, 15 million commune pairs).
constexpr double max_dwellings = 4e7;
constexpr double max_employers = 1e7;
constexpr double max_commune_pairs = 1e8;

std::string count_text(double count) { return std::to_string(static_cast<long long>(count)); }

// Households carry their origin's index in 16 bits, and so do the territory rows.
constexpr std::size_t max_origins = 1000;

// The key of origin k in messages: `origin` while it is the only one, `origin[k]` among several.
std::string origin_key(const Scenario& scenario, std::size_t k) {
  return scenario.origins.size() == 1 ? "origin" : "origin[" + std::to_string(k) + "]";
}

// Each origin's `hosts` names hosts of the scenario, and every host is one some origin sends households to.
void check_origin_hosts(const Scenario& scenario) {
  std::vector<bool> served(scenario.territories.size(), false);
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    const auto codes = host_codes(scenario.origins[k]);
    for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
      if (codes.empty() || std::find(codes.begin(), codes.end(), scenario.territories[i].code) != codes.end()) {
        served[i] = true;
      }
    }
    for (const auto& code : codes) {
      const bool known = std::any_of(scenario.territories.begin(), scenario.territories.end(),
                                     [&](const TerritorySettings& t) { return t.code == code; });
      if (!known) {
        std::string hosts;
        for (const auto& t : scenario.territories) hosts += (hosts.empty() ? "" : " ") + t.code;
        fail(scenario, origin_key(scenario, k) + ".hosts", "\"" + scenario.origins[k].hosts + "\"",
             "no host territory has code " + code + " (the hosts: " + hosts + ")");
      }
    }
  }
  for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
    if (!served[i]) {
      fail(scenario, "territory[" + std::to_string(i) + "].code", "\"" + scenario.territories[i].code + "\"",
           "no origin sends households to this host: name it in some origin's `hosts`, or leave that empty");
    }
  }
}

void check_world_size(const Scenario& scenario) {
  double dwellings = 0;
  double employers = 0;
  double pairs = 0;
  const bool synthesised = scenario.geography.communes_file.empty();
  for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
    const auto& t = scenario.territories[i];
    const std::string key = "territory[" + std::to_string(i) + "]";
    const auto over = [&](const std::string& field, std::int64_t value, const std::string& what, double total,
                          double limit) {
      fail(scenario, key + "." + field, std::to_string(value),
           what + " come to " + count_text(total) + " (up to " + key + "); at most " + count_text(limit) +
               " can be simulated");
    };
    if ((dwellings += static_cast<double>(t.main_residences) + static_cast<double>(t.vacant_dwellings)) > max_dwellings) {
      const bool main = t.main_residences >= t.vacant_dwellings;
      over(main ? "main_residences" : "vacant_dwellings", main ? t.main_residences : t.vacant_dwellings,
           "the host territories' dwellings (main_residences + vacant_dwellings)", dwellings, max_dwellings);
    }
    if ((employers += std::max(1.0, std::round(static_cast<double>(t.jobs) / scenario.labour.employer_mean_size))) >
        max_employers)
      over("jobs", t.jobs, "the host territories' employers (jobs / labour.employer_mean_size)", employers, max_employers);
    if (synthesised && (pairs += static_cast<double>(t.communes) * static_cast<double>(t.communes)) > max_commune_pairs)
      over("communes", t.communes, "the pairs of communes with travel times (communes² per territory)", pairs,
           max_commune_pairs);
  }
}

void validate_levers(const Scenario& scenario) {
  for (std::size_t i = 0; i < scenario.levers.size(); ++i) {
    const auto& lever = scenario.levers[i];
    const std::string key = "lever[" + std::to_string(i) + "]";
    if (!(lever.min < lever.max)) {
      fail(scenario, key + ".max", sim::toml_number(lever.max), "must exceed lever.min (" + sim::toml_number(lever.min) + ")");
    }
    for (double value : {lever.min, lever.max}) {
      Scenario probe = scenario;
      try {
        set_parameter(probe, lever.key, value);
      } catch (const sim::ScenarioError& error) {
        fail(scenario, key + ".key", "\"" + lever.key + "\"", error.problem());
      }
      try {
        check_world_size(probe);  // an analysis simulates the lever's extremes
      } catch (const sim::ScenarioError& error) {
        fail(scenario, key + (value == lever.min ? ".min" : ".max"), sim::toml_number(value),
             "with " + lever.key + " = " + sim::toml_number(value) + ", " + error.problem());
      }
    }
  }
}

// The sections and lists whose parameters are no uncertain quantity of the run: its dates, seed and replications,
// and the analyses' own declarations.
constexpr std::array<std::string_view, 3> not_uncertain{"run", "lever", "uncertain"};

void validate_uncertain(const Scenario& scenario) {
  const auto& schema = *scenario_schema().node();
  std::vector<sim::ParameterAddress> seen;
  for (std::size_t i = 0; i < scenario.uncertain.size(); ++i) {
    const auto& u = scenario.uncertain[i];
    const std::string key = "uncertain[" + std::to_string(i) + "]";
    const std::string quoted = "\"" + u.key + "\"";
    const std::string head = u.key.substr(0, u.key.find_first_of(".["));
    if (std::find(not_uncertain.begin(), not_uncertain.end(), head) != not_uncertain.end()) {
      fail(scenario, key + ".key", quoted, "[" + head + "] holds no uncertain quantity of the run");
    }
    const sim::SourceLocation where{scenario.source.string(), 0, 0};
    try {
      const auto address = sim::address_of(schema, &scenario, u.key, where);
      if (std::find(seen.begin(), seen.end(), address) != seen.end()) fail(scenario, key + ".key", quoted, "uncertain twice");
      seen.push_back(address);
      if (std::holds_alternative<bool>(sim::get_value(schema, &scenario, u.key, where))) {
        fail(scenario, key + ".key", quoted, "is a flag: a prior needs a numeric parameter (compare the two settings instead)");
      }
    } catch (const sim::ScenarioError& error) {
      fail(scenario, key + ".key", quoted, error.problem());
    }
    if (!(u.low < u.high)) fail(scenario, key + ".high", sim::toml_number(u.high), "must exceed low (" + sim::toml_number(u.low) + ")");
    for (const auto& [end, value] : {std::pair{".low", u.low}, std::pair{".high", u.high}}) {
      Scenario probe = scenario;
      try {
        set_parameter(probe, u.key, value);
        check_world_size(probe);  // a calibration simulates anywhere in [low, high]
      } catch (const sim::ScenarioError& error) {
        fail(scenario, key + end, sim::toml_number(value), "with " + u.key + " = " + sim::toml_number(value) + ", " + error.problem());
      }
    }
    const sim::Prior prior = prior_of(scenario, i);
    try {
      prior.check();
    } catch (const std::invalid_argument& error) {
      // The field the problem is about: a family's own parameters, else the interval.
      using Kind = sim::Prior::Kind;
      const auto [field, value] = u.prior == Kind::normal ? (u.sd > 0 ? std::pair{".mean", u.mean} : std::pair{".sd", u.sd})
                                  : u.prior == Kind::beta ? (u.alpha > 0 ? std::pair{".beta", u.beta} : std::pair{".alpha", u.alpha})
                                                          : std::pair{".low", u.low};
      fail(scenario, key + field, sim::toml_number(value),
           std::string(sim::prior_kind_names[static_cast<std::size_t>(u.prior)]) + " prior: " + error.what());
    }
  }
}

}  // namespace

void validate(const Scenario& scenario) {
  const auto& run = scenario.run;
  if (run.end_date < run.start_date) {
    fail(scenario, "run.end_date", run.end_date.iso(), "must not precede run.start_date (" + run.start_date.iso() + ")");
  }
  if (run.end_date - run.start_date > 366 * 50) fail(scenario, "run.end_date", run.end_date.iso(), "runs are limited to 50 years");
  require_date_window(scenario, "run.start_date", run.start_date);
  require_date_window(scenario, "run.end_date", run.end_date);
  if (scenario.territories.empty()) fail(scenario, "territory", "", "at least one [[territory]] is required");
  // Codes name one row of the territory tables each, origins and hosts alike, and address them in keys.
  std::set<std::string> codes;
  const auto check_code = [&](const std::string& code, const std::string& key, const std::string& list) {
    const bool addressable = !code.empty() && std::none_of(code.begin(), code.end(), [](unsigned char c) {
      return c <= ' ' || c == 0x7f || c == '.' || c == '[' || c == ']';
    });
    if (!addressable) {
      fail(scenario, key + ".code", "\"" + code + "\"",
           "a code must be non-empty and hold no dot, bracket, space or control character (keys such as " + list +
               ".CODE.caseworkers address it)");
    }
    if (!codes.insert(code).second) {
      fail(scenario, key + ".code", "\"" + code + "\"", "duplicate code: origins and territories share one list of codes");
    }
  };
  if (scenario.origins.empty()) fail(scenario, "origin", "", "at least one origin is required");
  if (scenario.origins.size() > max_origins) {
    fail(scenario, "origin", std::to_string(scenario.origins.size()) + " origins",
         "at most " + std::to_string(max_origins) + " origins can be simulated");
  }
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    const auto& o = scenario.origins[k];
    const std::string key = origin_key(scenario, k);
    check_code(o.code, key, "origin");
    require_date_window(scenario, key + ".join_date", o.join_date);
    if (o.join_date > run.end_date) {
      fail(scenario, key + ".join_date", o.join_date.iso(), "is after run.end_date (" + run.end_date.iso() + ")");
    }
  }
  for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
    const auto& t = scenario.territories[i];
    const std::string key = "territory[" + std::to_string(i) + "]";
    check_code(t.code, key, "territory");
    if (t.unemployed > t.active) fail(scenario, key + ".unemployed", std::to_string(t.unemployed), "exceeds active");
    if (t.join_date > run.end_date) {
      fail(scenario, key + ".join_date", t.join_date.iso(), "is after run.end_date (" + run.end_date.iso() + ")");
    }
    require_date_window(scenario, key + ".join_date", t.join_date);
    require_date_window(scenario, key + ".leave_date", t.leave_date);
    if (t.leave_date <= t.join_date) {
      fail(scenario, key + ".leave_date", t.leave_date.iso(), "must be after join_date (" + t.join_date.iso() + ")");
    }
  }
  check_origin_hosts(scenario);
  check_world_size(scenario);
  const auto positive_sum = [&](const std::vector<double>& weights, const std::string& key) {
    double sum = 0;
    for (double w : weights) sum += w;
    if (!(sum > 0)) fail(scenario, key, "", "weights must not all be zero");
  };
  for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
    const auto& shares = scenario.territories[i].sector_job_shares;
    if (!shares.empty()) positive_sum(shares, "territory[" + std::to_string(i) + "].sector_job_shares");
  }
  if (!scenario.geography.communes_file.empty()) communes_file_path(scenario);  // throws when missing
  if (!scenario.geography.commune_housing_file.empty()) {
    if (scenario.geography.communes_file.empty()) {
      fail(scenario, "geography.commune_housing_file", "\"" + scenario.geography.commune_housing_file + "\"",
           "needs geography.communes_file: synthetic communes have no housing figures");
    }
    commune_housing_file_path(scenario);  // throws when missing
  }
  validate_levers(scenario);
  validate_uncertain(scenario);
  positive_sum(scenario.households.adults_weights, "households.adults_weights");
  positive_sum(scenario.households.children_weights, "households.children_weights");
  positive_sum(scenario.households.sector_weights, "households.sector_weights");
  positive_sum(scenario.households.qualification_weights, "households.qualification_weights");
  positive_sum(scenario.households.situation_weights, "households.situation_weights");
  positive_sum(scenario.housing.rooms_weights, "housing.rooms_weights");
  positive_sum(scenario.labour.sector_job_shares, "labour.sector_job_shares");
  positive_sum(scenario.labour.contract_weights, "labour.contract_weights");
  positive_sum(scenario.labour.qualification_weights, "labour.qualification_weights");
  Scenario timeline = scenario;  // with the `set` events applied so far, as analyses may simulate it
  for (std::size_t i = 0; i < scenario.events.size(); ++i) {
    const auto& e = scenario.events[i];
    const std::string key = "event[" + std::to_string(i) + "]";
    if (e.date < run.start_date || e.date > run.end_date) {
      fail(scenario, key + ".date", e.date.iso(),
           "outside the run (" + run.start_date.iso() + " to " + run.end_date.iso() + ")");
    }
    if (i > 0 && e.date < scenario.events[i - 1].date) {
      fail(scenario, key + ".date", e.date.iso(), "events must be in date order");
    }
    if (e.kind == EventKind::set) {
      if (e.key.empty()) fail(scenario, key + ".key", "\"\"", "a `set` event needs the key of the parameter it changes");
      // Checked now, not in the middle of a run, on the timeline itself: no copy per event, so validation
      // takes linear time in the number of events.
      sim::SourceLocation where{scenario.source.string(), 0, 0};
      std::string fixed;  // why the key cannot change during a run, if it cannot
      try {
        fixed = sim::address_of(*scenario_schema().node(), &timeline, e.key, where).field->fixed;
        if (fixed.empty()) sim::set_number(*scenario_schema().node(), &timeline, e.key, e.value, where);
      } catch (const sim::ScenarioError& error) {
        fail(scenario, key + ".key", "\"" + e.key + "\"", error.problem());
      }
      if (!fixed.empty()) {
        fail(scenario, key + ".key", "\"" + e.key + "\"",
             "cannot change during a run (" + fixed + "); set it in the scenario or with --set");
      }
      try {
        check_world_size(timeline);
      } catch (const sim::ScenarioError& error) {
        fail(scenario, key + ".value", sim::toml_number(e.value), "with " + e.key + " = " + sim::toml_number(e.value) + ", " +
                                                                 error.problem());
      }
    }
  }
}

namespace {

// The file a `geography.*_file` parameter names, resolved against the scenario's folder; empty when unset.
std::filesystem::path data_file_path(const Scenario& scenario, const std::string& key, const std::string& name) {
  if (name.empty()) return {};
  std::filesystem::path path = name;
  if (path.is_relative()) path = scenario.source.parent_path() / path;
  if (!std::filesystem::is_regular_file(path)) {
    fail(scenario, key, "\"" + name + "\"",
         (std::filesystem::exists(path) ? "not a regular file: " : "no such file: ") + path.string());
  }
  return path;
}

}  // namespace

std::filesystem::path communes_file_path(const Scenario& scenario) {
  return data_file_path(scenario, "geography.communes_file", scenario.geography.communes_file);
}

std::filesystem::path commune_housing_file_path(const Scenario& scenario) {
  return data_file_path(scenario, "geography.commune_housing_file", scenario.geography.commune_housing_file);
}

}  // namespace emile::models
