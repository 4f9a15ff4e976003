#include "emile/models/calibration/targets.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <stdexcept>

namespace emile::models {
namespace {

using sim::Schema;

std::vector<std::string> flow_names() {
  std::vector<std::string> names;
  for (const Stage stage : flow_stages) names.emplace_back(name(stage));
  return names;
}

sim::Rule flow_or_none() {
  const sim::Rule flows = sim::one_of(flow_names());
  return {"empty, or " + flows.text, [flows](const sim::Value& value) -> std::optional<std::string> {
            return std::get<std::string>(value).empty() ? std::nullopt : flows.check(value);
          }};
}

Schema<Target> target_schema() {
  Schema<Target> s;
  s.text("name", &Target::name, std::nullopt, sim::any_value(), "A name for the target, unique in the file")
      .choice("statistic", &Target::statistic, TargetStatistic::count, target_statistic_names,
              "What is compared: `count` (entries into `flow` by `date`), `first` (the date of the first entry), "
              "`median_days` (median days from entering `since` to entering `flow`), `share` (entries into `flow` ÷ "
              "entries into `of`)")
      .text("flow", &Target::flow, std::nullopt, sim::one_of(flow_names()), "The stage entered")
      .choice("unit", &Target::unit, TargetUnit::households, target_unit_names,
              "For `count` and `share`: households or persons")
      .text("territory", &Target::territory, "", sim::any_value(),
            "A host territory's code; empty: every territory and every origin")
      .date("date", &Target::date, std::nullopt, "When the figure was observed (`first`: the observed first date)")
      .number("value", &Target::value, 0, "", sim::any_value(),
              "The observed figure: households or persons (`count`), days (`median_days`), a share in [0, 1]; not "
              "read for `first`")
      .number("tolerance", &Target::tolerance, std::nullopt, "", sim::any_value(),
              "How far a simulation may land from the figure and match it as well as the record allows, in the "
              "figure's unit (`first`: days); > 0")
      .text("of", &Target::of, "", flow_or_none(), "For `share`: the flow of the denominator")
      .text("since", &Target::since, "", flow_or_none(), "For `median_days`: the stage the time is counted from")
      .text("source", &Target::source, std::nullopt, sim::any_value(), "Where the figure was read: a citation");
  return s;
}

Schema<DistanceSettings> distance_schema() {
  Schema<DistanceSettings> s;
  s.choice("norm", &DistanceSettings::norm, DistanceNorm::euclidean, distance_norm_names,
           "How the targets' errors, each divided by its tolerance, combine: `euclidean` (√Σe²), `manhattan` (Σ|e|), "
           "`max` (the largest |e|)");
  return s;
}

Schema<Targets> build_schema() {
  Schema<Targets> s;
  s.section("distance", &Targets::distance, distance_schema(), "How a simulation's distance to the targets is measured")
      .list("target", &Targets::targets, target_schema(), "The observed figures");
  return s;
}

std::string number_text(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

// Checks a targets file read into `targets` against `scenario`.
class TargetChecks {
 public:
  TargetChecks(const Targets& targets, const Scenario& scenario) : targets_(targets), scenario_(scenario) {}

  void run() {
    if (targets_.targets.empty()) fail("target", "", "no [[target]]: a calibration needs at least one observed figure");
    std::set<std::string> names;
    for (std::size_t i = 0; i < targets_.targets.size(); ++i) {
      const Target& t = targets_.targets[i];
      const std::string key = "target[" + std::to_string(i) + "]";
      if (t.name.empty()) fail(key + ".name", "\"\"", "must not be empty");
      if (!names.insert(t.name).second) fail(key + ".name", quoted(t.name), "another target has this name");
      if (t.source.find_first_not_of(" \t") == std::string::npos) {
        fail(key + ".source", quoted(t.source), "every target cites where its figure was read");
      }
      if (!(t.tolerance > 0) || !std::isfinite(t.tolerance)) {
        fail(key + ".tolerance", number_text(t.tolerance), "must be above 0 and finite");
      }
      check_statistic(t, key);
      check_territory(t, key);
      check_date(t, key);
    }
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& value, const std::string& problem) const {
    auto where = targets_.locations.find(key);
    if (where == targets_.locations.end()) where = targets_.locations.find(key.substr(0, key.rfind('.')) + ".name");
    throw sim::ScenarioError(where != targets_.locations.end() ? where->second
                                                               : sim::SourceLocation{targets_.source.string(), 0, 0},
                             key, value, problem);
  }
  static std::string quoted(const std::string& text) { return "\"" + text + "\""; }
  bool given(const std::string& key) const { return targets_.locations.contains(key); }

  void check_statistic(const Target& t, const std::string& key) const {
    const std::string statistic(target_statistic_names[static_cast<std::size_t>(t.statistic)]);
    const bool counts = t.statistic == TargetStatistic::count || t.statistic == TargetStatistic::share;
    if (!counts && given(key + ".unit")) fail(key + ".unit", "", "`" + statistic + "` counts households: no unit");
    if (t.statistic == TargetStatistic::first) {
      if (given(key + ".value")) fail(key + ".value", number_text(t.value), "`first` compares dates: the observed one is `date`");
    } else if (!given(key + ".value")) {
      fail(key + ".value", "", "`" + statistic + "` needs the observed value");
    }
    if (t.statistic == TargetStatistic::share ? t.of.empty() : !t.of.empty()) {
      fail(key + ".of", quoted(t.of), t.of.empty() ? "`share` needs the flow of its denominator" : "only `share` reads it");
    }
    if (t.statistic == TargetStatistic::median_days ? t.since.empty() : !t.since.empty()) {
      fail(key + ".since", quoted(t.since),
           t.since.empty() ? "`median_days` needs the stage the time is counted from" : "only `median_days` reads it");
    }
    if (!std::isfinite(t.value)) fail(key + ".value", number_text(t.value), "must be finite");
    switch (t.statistic) {
      case TargetStatistic::count: {
        if (t.value < 0) fail(key + ".value", number_text(t.value), "a count cannot be negative");
        const double pool = eligible_pool();
        const double most = t.unit == TargetUnit::households ? pool : pool * largest_household();
        if (t.value > most) {
          fail(key + ".value", number_text(t.value),
               "above what the eligible pool could give (" + number_text(most) + " " +
                   std::string(target_unit_names[static_cast<std::size_t>(t.unit)]) + " at most)");
        }
        break;
      }
      case TargetStatistic::share:
        if (t.value < 0 || t.value > 1) fail(key + ".value", number_text(t.value), "a share lies in [0, 1]");
        break;
      case TargetStatistic::median_days:
        if (t.value < 0) fail(key + ".value", number_text(t.value), "a duration cannot be negative");
        if (flow_stage(t.since) >= flow_stage(t.flow)) {
          fail(key + ".since", quoted(t.since), "must come before `" + t.flow + "` on the pathway");
        }
        break;
      case TargetStatistic::first: break;
    }
  }

  void check_territory(const Target& t, const std::string& key) const {
    if (t.territory.empty()) return;
    const auto& ts = scenario_.territories;
    const auto found = std::find_if(ts.begin(), ts.end(), [&](const auto& territory) { return territory.code == t.territory; });
    if (found == ts.end()) fail(key + ".territory", quoted(t.territory), "no such host territory in the scenario");
    for (const auto& flow : {t.flow, t.of, t.since}) {
      if (!flow.empty() && flow_stage(flow) < Stage::proposed && flow_stage(flow) != Stage::withdrawn) {
        fail(key + ".territory", quoted(t.territory),
             "households belong to a host territory from `proposed` on; `" + flow + "` is counted for all only");
      }
    }
    if (t.date < found->join_date) {
      fail(key + ".date", t.date.iso(), "before territory " + t.territory + " joins (" + found->join_date.iso() + ")");
    }
  }

  void check_date(const Target& t, const std::string& key) const {
    const auto& run = scenario_.run;
    if (t.date < run.start_date || t.date > run.end_date) {
      fail(key + ".date", t.date.iso(), "outside the run (" + run.start_date.iso() + " to " + run.end_date.iso() + ")");
    }
  }

  // The most eligible households a simulation can have: the origins' pools, each at its prior's highest.
  double eligible_pool() const {
    double pool = 0;
    for (std::size_t k = 0; k < scenario_.origins.size(); ++k) {
      double largest = static_cast<double>(scenario_.origins[k].eligible_households);
      const std::string key = origin_key(scenario_, k, "eligible_households");
      for (const auto& u : scenario_.uncertain) {
        if (u.key == key) largest = std::max(largest, u.high);
      }
      pool += largest;
    }
    return pool;
  }
  double largest_household() const {
    return static_cast<double>(scenario_.households.adults_weights.size() + scenario_.households.children_weights.size() - 1);
  }

  const Targets& targets_;
  const Scenario& scenario_;
};

Targets checked(Targets targets, const Scenario& scenario) {
  TargetChecks(targets, scenario).run();
  return targets;
}

}  // namespace

const sim::Schema<Targets>& targets_schema() {
  static const sim::Schema<Targets> schema = build_schema();
  return schema;
}

Targets load_targets(const std::filesystem::path& path, const Scenario& scenario) {
  Targets targets = targets_schema().defaults();
  sim::read_toml_file(path, *targets_schema().node(), &targets, {}, &targets.locations);
  targets.source = path;
  return checked(std::move(targets), scenario);
}

Targets read_targets(std::string_view text, const std::string& name, const Scenario& scenario) {
  Targets targets = targets_schema().defaults();
  sim::read_toml_text(text, name, *targets_schema().node(), &targets, {}, &targets.locations);
  targets.source = name;
  return checked(std::move(targets), scenario);
}

std::string to_toml(const Targets& targets) { return sim::write_toml(*targets_schema().node(), &targets); }

sim::Date last_target_date(const Targets& targets, const Scenario& scenario) {
  const auto& run = scenario.run;
  const double run_days = static_cast<double>(run.end_date - run.start_date);
  sim::Date last = run.start_date;
  for (const auto& t : targets.targets) {
    // Capped at the run's length: a window past the end watches nothing more.
    const double window = t.statistic == TargetStatistic::first ? std::min(std::ceil(first_target_window * t.tolerance), run_days) : 0;
    last = std::max(last, std::min(run.end_date, t.date.plus_days(static_cast<std::int32_t>(window))));
  }
  return last;
}

double observed_value(const Target& target, const Scenario& scenario) {
  return target.statistic == TargetStatistic::first ? static_cast<double>(target.date - scenario.run.start_date) : target.value;
}

Stage flow_stage(std::string_view flow) {
  const auto stage = parse_stage(flow);
  if (!stage || *stage == Stage::eligible) throw std::invalid_argument("no flow is named " + std::string(flow));
  return *stage;
}

}  // namespace emile::models
