#include "emile/models/analyses/capacity.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/analyses/binding_constraint.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/models/foundations/stage.hpp"
#include "emile/sim/executor.hpp"
#include "emile/sim/results_file.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <tuple>

namespace emile::models {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t every_row = std::numeric_limits<std::size_t>::max();

bool in_window(sim::Step step, const SteadyStateWindow& window) {
  return step >= window.warmup_steps && step < window.warmup_steps + window.window_steps;
}

/// Relocations per year over the window, by replication: [replication][0 = all, 1 + i = host territory i].
std::vector<std::vector<double>> relocations_per_year(const EnsembleResult& ensemble, const SteadyStateWindow& window) {
  const std::size_t moved = metric_index("moved_households");
  const std::size_t hosts = ensemble.scenario.territories.size();
  std::vector<std::vector<double>> out;
  for (const auto& run : ensemble.runs) {
    std::vector<double> rates(1 + hosts, 0.0);
    for (sim::Step s = window.warmup_steps; s < window.warmup_steps + window.window_steps; ++s) {
      for (std::size_t i = 0; i < hosts; ++i) {
        const auto count = static_cast<double>(run.value(moved, s, host_row(ensemble.scenario, i)));
        rates[1 + i] += count;
        rates[0] += count;
      }
    }
    for (double& rate : rates) rate /= window.window_years;
    out.push_back(std::move(rates));
  }
  return out;
}

/// Relocations per year over the window of each origin's households, by replication: [replication][origin k].
std::vector<std::vector<double>> origin_relocations_per_year(const EnsembleResult& ensemble,
                                                             const SteadyStateWindow& window) {
  std::vector<std::vector<double>> out;
  for (const auto& run : ensemble.runs) {
    std::vector<double> rates(ensemble.scenario.origins.size(), 0.0);
    for (const auto& t : run.transitions) {
      if (t.to == Stage::moved && in_window(t.step, window)) {
        rates[static_cast<std::size_t>(run.households[t.household].origin_row)] += 1;
      }
    }
    for (double& rate : rates) rate /= window.window_years;
    out.push_back(std::move(rates));
  }
  return out;
}

/// Step sums and counts by [territory row][stage], pooled over replications.
struct StageTally {
  std::vector<std::array<double, stage_count>> steps;
  std::vector<std::array<double, stage_count>> count;

  explicit StageTally(std::size_t rows) : steps(rows), count(rows) {}
  void add(std::size_t row, Stage stage, sim::Step steps_spent) {
    steps[row][static_cast<std::size_t>(stage)] += static_cast<double>(steps_spent);
    count[row][static_cast<std::size_t>(stage)] += 1;
  }
  /// Mean weeks in `stage` in `row` (or in every_row); NaN if nothing was counted.
  double mean_weeks(Stage stage, std::size_t row, double step_weeks) const {
    double total = 0, n = 0;
    for (std::size_t r = 0; r < steps.size(); ++r) {
      if (row != every_row && r != row) continue;
      total += steps[r][static_cast<std::size_t>(stage)];
      n += count[r][static_cast<std::size_t>(stage)];
    }
    return n > 0 ? total / n * step_weeks : nan;
  }
};

/// What the households leaving a stage during the window spent in it: the whole time in the stage, and the time
/// queueing for its resource (recorded during the run with each stage change), of those that queued.
struct StageWaits {
  StageTally in_stage;
  StageTally queueing;
  std::vector<double> referrals;  ///< per origin row: households referred during the window, all replications
};

StageWaits stage_waits(const EnsembleResult& ensemble, const SteadyStateWindow& window) {
  const std::size_t rows = territory_rows(ensemble.scenario);
  StageWaits waits{StageTally(rows), StageTally(rows), std::vector<double>(ensemble.scenario.origins.size(), 0.0)};
  for (const auto& run : ensemble.runs) {
    std::vector<sim::Step> entered(run.households.size(), 0);
    for (const auto& t : run.transitions) {
      if (in_window(t.step, window)) {
        const auto row = static_cast<std::size_t>(t.territory_row);
        if (t.from != Stage::eligible) waits.in_stage.add(row, t.from, t.step - entered[t.household]);
        if (t.queued_step >= 0) waits.queueing.add(row, t.from, t.step - t.queued_step);
        if (t.to == Stage::referred) waits.referrals[row] += 1;
      }
      entered[t.household] = t.step;
    }
  }
  return waits;
}

}  // namespace

SteadyStateWindow steady_state_window(const Scenario& scenario, const CapacityOptions& options) {
  if (options.warmup_weeks < 0 || options.warmup_weeks > 52 * 50) {
    throw std::invalid_argument("capacity: warmup_weeks = " + std::to_string(options.warmup_weeks) + ": must be in [0, 2600]");
  }
  if (options.window_weeks < 1 || options.window_weeks > 52 * 50) {
    throw std::invalid_argument("capacity: window_weeks = " + std::to_string(options.window_weeks) + ": must be in [1, 2600]");
  }
  const std::int64_t days = scenario.run.step_days;
  SteadyStateWindow window;
  window.start = scenario.run.end_date.plus_days(1);
  window.warmup_steps = static_cast<sim::Step>((options.warmup_weeks * 7 + days - 1) / days);
  window.window_steps = static_cast<sim::Step>((options.window_weeks * 7 + days - 1) / days);
  window.window_years = static_cast<double>(window.window_steps) * static_cast<double>(days) / sim::days_per_year;
  return window;
}

Scenario steady_state_scenario(const Scenario& scenario, const CapacityOptions& options) {
  const SteadyStateWindow window = steady_state_window(scenario, options);
  Scenario steady = scenario;
  // Applied in date order (a validated scenario lists them so), each lever ends at its final value.
  std::vector<EventSettings> events = scenario.events;
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  for (const auto& event : events) {
    if (event.kind == EventKind::set) set_parameter(steady, event.key, event.value);
  }
  steady.events.clear();
  // Every origin refers from the first day; the launch backlog is a start-up condition, not part of the
  // configuration held constant.
  for (auto& origin : steady.origins) {
    origin.join_date = from_the_start;
    origin.initial_referred = 0;
  }
  const auto steps = static_cast<std::int32_t>(window.warmup_steps + window.window_steps);
  steady.run.start_date = window.start;
  steady.run.end_date = window.start.plus_days(steps * static_cast<std::int32_t>(scenario.run.step_days) - 1);
  // Every host still in the programme at the window's start joins then; one that has left keeps its dates.
  for (auto& territory : steady.territories) {
    if (territory.leave_date > window.start) territory.join_date = window.start;
  }
  return steady;
}

namespace {

// "immersion_slot 76 (Seine-Maritime)", "origin_caseworker IDF", "vacancies".
std::string resource_label(const ResourceEffect& r, const Scenario& scenario) {
  if (r.territory == "all") return r.resource;
  std::string label = r.resource + " " + r.territory;
  for (const auto& t : scenario.territories) {
    if (t.code == r.territory) label += " (" + t.name + ")";
  }
  return label;
}

std::string formatted(const char* format, double a, double b = 0, double c = 0) {
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

}  // namespace

std::string CapacityResult::binding_label() const {
  return binding < resources.size() ? resource_label(resources[binding], scenario) : "none";
}

std::string CapacityResult::binding_reason() const {
  if (resources.empty()) return "no_resource";
  if (binding < resources.size()) return "binds";
  if (replications < 2) return "one_replication";
  const auto& first = resources[top];
  if (!(first.gain_per_year.mean > 0) || !(first.holm_p_value < binding_error_rate)) return "not_significant";
  return "not_separated";
}

std::string CapacityResult::binding_statement() const {
  const std::string reason = binding_reason();
  const std::string tested = std::to_string(this->tested) + " of " + std::to_string(resources.size()) +
                             " resources tested, the others never used";
  if (reason == "no_resource") return "none: no resource was tested";
  if (reason == "binds") {
    const auto& b = resources[binding];
    return resource_label(b, scenario) + " binds: " + b.unit + " adds " +
           formatted("%.2f [%.2f, %.2f]", b.gain_per_year.mean, b.gain_per_year.low, b.gain_per_year.high) +
           " relocations a year (Holm-corrected p = " + formatted("%.2g", b.holm_p_value) + ", " + tested +
           "), more than any other resource adds";
  }
  if (reason == "one_replication")
    return "none named: one replication shows no spread; run at least 2 (-r) to test the gains";
  const auto& first = resources[top];
  const auto& second = resources[runner_up];
  std::string why;
  if (reason == "not_significant") {
    why = "no gain can be told apart from 0 after a Holm correction (" + tested + "; the largest, " +
          resource_label(first, scenario) + ", " + formatted("%.2f", first.gain_per_year.mean) +
          " relocations a year, corrected p = " + formatted("%.2g", first.holm_p_value) + ")";
  } else {
    why = "the two largest gains cannot be told apart: " + resource_label(first, scenario) + " " +
          formatted("%.2f", first.gain_per_year.mean) + " and " + resource_label(second, scenario) + " " +
          formatted("%.2f", second.gain_per_year.mean) + " relocations a year";
  }
  std::string more;
  if (replications_to_separate) {
    more = "; about " + std::to_string(*replications_to_separate) + " replications would separate " +
           resource_label(first, scenario) + " from " + resource_label(second, scenario);
  } else if (first.gain_per_year.mean == second.gain_per_year.mean) {
    more = "; the top two gain the same in every replication";
  }
  return "none named: " + why + more;
}

CapacityResult analyse_capacity(const Scenario& scenario, const RunOptions& run, const CapacityOptions& options) {
  CapacityResult result;
  result.scenario = scenario;
  result.steady = steady_state_scenario(scenario, options);
  result.seed = run.seed;
  result.replications = run.replications;
  result.options = options;
  if (run.posterior) result.posterior = run.posterior->file;
  result.window = steady_state_window(scenario, options);
  const Scenario& steady = result.steady;
  const SteadyStateWindow& window = result.window;
  const double step_weeks = static_cast<double>(steady.run.step_days) / sim::days_per_week;
  // Closed over the measured window: no proposal can reach the territory at any of its steps (host_territory.hpp).
  const sim::Clock clock(steady.run.start_date, static_cast<int>(steady.run.step_days));
  const auto closed_over_window = [&](const TerritorySettings& territory) {
    return closed_over(territory, window.warmup_steps, window.warmup_steps + window.window_steps - 1, clock);
  };

  // The variants: one more unit of each resource, with the territory row its waiting time is measured in.
  struct Variant {
    ResourceEffect effect;
    Stage waiting_stage;
    std::size_t row;  // or every_row
    Scenario scenario;
    std::function<double(double)> more;  // the resource's value with one more unit
  };
  std::vector<Variant> variants;
  const auto add = [&](std::string resource, std::string territory, std::string unit, std::string key, double base,
                       std::function<double(double)> more, Stage stage, std::size_t row, double cost_eur_per_year) {
    Scenario variant = steady;
    set_parameter(variant, key, more(base));
    ResourceEffect effect;
    effect.resource = std::move(resource);
    effect.territory = std::move(territory);
    effect.unit = std::move(unit);
    effect.key = std::move(key);
    effect.base_value = base;
    effect.value = more(base);
    effect.cost_eur_per_year = cost_eur_per_year;
    variants.push_back({std::move(effect), stage, row, std::move(variant), std::move(more)});
  };
  const auto one_more = [](double value) { return value + 1; };
  const auto ten_percent_more = [](double value) { return value * 1.1; };
  const auto& cost = steady.cost;
  for (std::size_t k = 0; k < steady.origins.size(); ++k) {
    const auto& origin = steady.origins[k];
    add("origin_caseworker", origin.code, "+1 caseworker", origin_key(steady, k, "caseworkers"),
        static_cast<double>(origin.caseworkers), one_more, Stage::referred, k, cost.origin_caseworker_eur_per_year);
  }
  for (std::size_t i = 0; i < steady.territories.size(); ++i) {
    const auto& t = steady.territories[i];
    if (closed_over_window(t)) {
      result.closed.push_back(t.code);
      continue;
    }
    const std::string prefix = "territory." + t.code + ".";
    add("territory_caseworker", t.code, "+1 caseworker", prefix + "caseworkers", static_cast<double>(t.caseworkers),
        one_more, Stage::matched, host_row(steady, i), cost.territory_caseworker_eur_per_year);
    add("immersion_slot", t.code, "+1 visit/month", prefix + "immersion_slots_per_month",
        static_cast<double>(t.immersion_slots_per_month), one_more, Stage::proposed, host_row(steady, i),
        12 * cost.immersion_visit_eur);
    add("reserved_dwelling", t.code, "+1 dwelling", prefix + "reserved_dwellings", static_cast<double>(t.reserved_dwellings),
        one_more, Stage::committed, host_row(steady, i), nan);
  }
  add("vacancies", "all", "+10 % vacancies", "labour.programme_visible_share", steady.labour.programme_visible_share,
      [](double share) { return std::min(1.0, share * 1.1); }, Stage::committed, every_row, nan);
  for (std::size_t k = 0; k < steady.origins.size(); ++k) {
    const auto& origin = steady.origins[k];
    add("referrals", steady.origins.size() == 1 ? "all" : origin.code, "+10 % referrals",
        origin_key(steady, k, "referrals_per_year"), origin.referrals_per_year, ten_percent_more, Stage::referred, k,
        nan);
  }

  // Every variant shares the base's geography: none changes a geographic figure. It is built for the longest
  // commutes of them all.
  CommuteLimits reach = commute_reach(steady);
  for (const auto& v : variants) reach = longest(reach, commute_reach(v.scenario));
  if (run.posterior) reach = longest(reach, run.posterior->reach(steady));
  auto geography = std::make_shared<const Geography>(build_geography(steady, reach, sim::Executor(run.threads)));
  const double total = static_cast<double>(variants.size() + 1);
  const auto ensemble = [&](const Scenario& s, std::size_t k) {
    RunOptions variant = run;
    variant.progress = [&run, k, total](double fraction) {
      if (run.progress) run.progress((static_cast<double>(k) + fraction) / total);
    };
    // One more unit of a resource the posterior draws: on top of each replication's drawn value.
    if (run.posterior && k > 0) {
      const Variant& changed = variants[k - 1];
      const auto& keys = run.posterior->keys;
      if (std::find(keys.begin(), keys.end(), changed.effect.key) != keys.end()) {
        variant.after_draw = [&changed](Scenario& drawn) {
          const auto value = sim::get_value(*scenario_schema().node(), &drawn, changed.effect.key, {});
          const double now = std::holds_alternative<double>(value) ? std::get<double>(value)
                                                                   : static_cast<double>(std::get<std::int64_t>(value));
          set_parameter(drawn, changed.effect.key, changed.more(now));
        };
      }
    }
    return run_ensemble(s, variant, geography);
  };

  const auto [base, by_origin, waits] = [&] {
    const EnsembleResult runs = ensemble(steady, 0);
    return std::tuple{relocations_per_year(runs, window), origin_relocations_per_year(runs, window),
                      stage_waits(runs, window)};
  }();
  // The programme, each origin's households when there are several, then each open host. Each row's bootstrap
  // stream is keyed by its column: in `base`, then (origin k) 1 + hosts + k.
  const std::size_t hosts = steady.territories.size();
  const auto add_rate = [&](const std::vector<std::vector<double>>& rates, std::size_t column, std::size_t key,
                            std::string code, std::string name) {
    std::vector<double> values;
    for (const auto& replication : rates) values.push_back(replication[column]);
    const sim::RandomStream stream({run.seed, 0}, purpose::capacity_bootstrap, key, 0);
    result.relocations.push_back({std::move(code), std::move(name), sim::bootstrap_interval(values, stream)});
  };
  add_rate(base, 0, 0, "all", "programme");
  if (steady.origins.size() > 1) {
    for (std::size_t k = 0; k < steady.origins.size(); ++k) {
      add_rate(by_origin, k, 1 + hosts + k, steady.origins[k].code, steady.origins[k].name);
    }
  }
  for (std::size_t i = 0; i < hosts; ++i) {
    const auto& t = steady.territories[i];
    if (!closed_over_window(t)) add_rate(base, 1 + i, 1 + i, t.code, t.name);
  }

  std::vector<std::vector<double>> paired_gains;  // [resource][replication]
  for (std::size_t k = 0; k < variants.size(); ++k) {
    auto& v = variants[k];
    const auto rates = relocations_per_year(ensemble(v.scenario, k + 1), window);
    auto& gains = paired_gains.emplace_back();
    for (std::size_t r = 0; r < rates.size(); ++r) gains.push_back(rates[r][0] - base[r][0]);
    v.effect.gain_per_year = sim::confidence_interval(gains);
    if (v.effect.resource == "referrals") {
      const double weeks = static_cast<double>(window.window_steps) * step_weeks * static_cast<double>(base.size());
      const double referred = waits.referrals[v.row];
      v.effect.mean_wait_weeks = referred > 0 ? weeks / referred : nan;
      v.effect.mean_queue_weeks = nan;
    } else {
      v.effect.mean_wait_weeks = waits.in_stage.mean_weeks(v.waiting_stage, v.row, step_weeks);
      v.effect.mean_queue_weeks = waits.queueing.mean_weeks(v.waiting_stage, v.row, step_weeks);
    }
    result.resources.push_back(std::move(v.effect));
  }

  const BindingVerdict verdict = binding_verdict(paired_gains);
  for (std::size_t i = 0; i < result.resources.size(); ++i) {
    result.resources[i].p_value = verdict.p_values[i];
    result.resources[i].holm_p_value = verdict.holm_p_values[i];
  }
  result.binding = verdict.binding;
  result.top = verdict.top;
  result.runner_up = verdict.runner_up;
  result.replications_to_separate = verdict.replications_to_separate;
  result.tested = verdict.tested;
  return result;
}

sim::Table relocations_table(const CapacityResult& result) {
  using Row = RelocationRate;
  const auto& rows = result.relocations;
  sim::Table relocations(tables::capacity_relocations());
  relocations.add_column("territory", sim::column_of(rows, [](const Row& r) { return r.territory; }))
      .add_column("name", sim::column_of(rows, [](const Row& r) { return r.name; }))
      .add_column("per_year", sim::column_of(rows, [](const Row& r) { return r.per_year.mean; }))
      .add_column("ci_low", sim::column_of(rows, [](const Row& r) { return r.per_year.low; }))
      .add_column("ci_high", sim::column_of(rows, [](const Row& r) { return r.per_year.high; }));
  return relocations;
}

sim::Table resources_table(const CapacityResult& result) {
  using Row = ResourceEffect;
  const auto& rows = result.resources;
  sim::Table resources(tables::capacity_resources());
  resources.add_column("resource", sim::column_of(rows, [](const Row& r) { return r.resource; }))
      .add_column("territory", sim::column_of(rows, [](const Row& r) { return r.territory; }))
      .add_column("unit", sim::column_of(rows, [](const Row& r) { return r.unit; }))
      .add_column("mean_wait_weeks", sim::column_of(rows, [](const Row& r) { return r.mean_wait_weeks; }))
      .add_column("mean_queue_weeks", sim::column_of(rows, [](const Row& r) { return r.mean_queue_weeks; }))
      .add_column("gain_per_year", sim::column_of(rows, [](const Row& r) { return r.gain_per_year.mean; }))
      .add_column("ci_low", sim::column_of(rows, [](const Row& r) { return r.gain_per_year.low; }))
      .add_column("ci_high", sim::column_of(rows, [](const Row& r) { return r.gain_per_year.high; }))
      .add_column("p_value", sim::column_of(rows, [](const Row& r) { return r.p_value; }))
      .add_column("holm_p_value", sim::column_of(rows, [](const Row& r) { return r.holm_p_value; }))
      .add_column("cost_eur_per_year", sim::column_of(rows, [](const Row& r) { return r.cost_eur_per_year; }))
      .add_column("gain_per_100k_eur", sim::column_of(rows, [](const Row& r) { return r.gain_per_100k_eur(); }))
      .add_column("key", sim::column_of(rows, [](const Row& r) { return r.key; }))
      .add_column("base_value", sim::column_of(rows, [](const Row& r) { return r.base_value; }))
      .add_column("value", sim::column_of(rows, [](const Row& r) { return r.value; }));
  return resources;
}

void write_capacity(const std::filesystem::path& path, std::string_view invocation, const CapacityResult& result,
                    const std::atomic<bool>* cancel) {
  const sim::Clock clock(result.steady.run.start_date, static_cast<int>(result.steady.run.step_days));
  sim::ResultsWriter out(path);
  write_provenance(out, result.steady, result.seed, result.replications, "capacity", invocation, result.posterior);
  out.set_attribute("/", "scenario", std::string_view(result.scenario.run.name));
  out.set_attribute("/", "warmup_weeks", result.options.warmup_weeks);
  out.set_attribute("/", "window_weeks", result.options.window_weeks);
  out.set_attribute("/", "window_first_day", std::string_view(clock.first_day(result.window.warmup_steps).iso()));
  out.set_attribute("/", "window_last_day",
                    std::string_view(clock.last_day(result.window.warmup_steps + result.window.window_steps - 1).iso()));
  out.write_text("/scenario", to_toml(result.scenario));
  out.write_text("/capacity/steady_state_scenario", to_toml(result.steady));
  out.write_table(relocations_table(result));
  out.write_table(resources_table(result));
  out.set_attribute("/capacity", "binding", std::string_view(result.binding_label()));
  out.set_attribute("/capacity", "binding_statement", std::string_view(result.binding_statement()));
  out.set_attribute("/capacity", "binding_reason", std::string_view(result.binding_reason()));
  const bool any = !result.resources.empty();
  out.set_attribute("/capacity", "binding_top", any ? static_cast<std::int64_t>(result.top) : std::int64_t{-1});
  out.set_attribute("/capacity", "binding_runner_up", any ? static_cast<std::int64_t>(result.runner_up) : std::int64_t{-1});
  out.set_attribute("/capacity", "binding_tested", static_cast<std::int64_t>(result.tested));
  out.set_attribute("/capacity", "replications_to_separate",
                    static_cast<std::int64_t>(result.replications_to_separate.value_or(0)));
  std::string closed;
  for (const auto& code : result.closed) closed += (closed.empty() ? "" : " ") + code;
  out.set_attribute("/capacity", "closed_territories", std::string_view(closed));
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
