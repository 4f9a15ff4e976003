#include "emile/models/analyses/sensitivity.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/distributions.hpp"
#include "emile/sim/executor.hpp"
#include "emile/sim/random_stream.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

namespace emile::models {
namespace {

sim::SourceLocation location_of(const Scenario& scenario, const std::string& key) {
  const auto where = scenario.locations.find(key);
  return where != scenario.locations.end() ? where->second : sim::SourceLocation{scenario.source.string(), 0, 0};
}

void check_levers(const Scenario& scenario) {
  if (scenario.levers.empty()) {
    throw sim::ScenarioError({scenario.source.string(), 0, 0}, "lever", "",
                             "no [[lever]] declared; sensitivity analysis needs at least one (key, min, max)");
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < scenario.levers.size(); ++i) {
    const std::string key = "lever[" + std::to_string(i) + "].key";
    if (!keys.insert(scenario.levers[i].key).second) {
      throw sim::ScenarioError(location_of(scenario, key), key, "\"" + scenario.levers[i].key + "\"", "duplicate lever");
    }
  }
}

/// The value applied for normalised level x of `lever`: integers rounded to the nearest, booleans true from 0.5.
double lever_value(const Scenario& scenario, const LeverSettings& lever, double x) {
  const double value = lever.min + x * (lever.max - lever.min);
  const sim::Value current =
      sim::get_value(*scenario_schema().node(), &scenario, lever.key, {scenario.source.string(), 0, 0});
  if (std::holds_alternative<bool>(current)) return value >= 0.5 ? 1.0 : 0.0;
  if (std::holds_alternative<std::int64_t>(current)) return std::round(value);
  return value;
}

// Resamples of the trajectories behind the intervals of μ* and σ.
constexpr std::uint64_t bootstrap_resamples = 1000;

double mean_absolute(const std::vector<double>& values) {
  double sum = 0;
  for (const double v : values) sum += std::abs(v);
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

}  // namespace

std::vector<double> outcome_means(const EnsembleResult& ensemble) {
  std::vector<double> means;
  for (const auto& outcome : sensitivity_outcomes()) {
    const std::size_t metric = metric_index(outcome);
    double sum = 0;
    for (const auto& run : ensemble.runs) sum += run.total(metric);
    means.push_back(sum / static_cast<double>(ensemble.runs.size()));
  }
  return means;
}

const std::vector<std::string>& sensitivity_outcomes() {
  static const std::vector<std::string> outcomes = {"enrolled_households", "immersed_households", "moved_households",
                                                    "settled_households",  "returned_households", "withdrawn_households",
                                                    "moved_persons"};
  return outcomes;
}

std::vector<DesignPoint> morris_design(const Scenario& scenario, std::uint64_t seed, const SensitivityOptions& options) {
  if (options.trajectories < 2 || options.trajectories > 100000) {
    throw std::invalid_argument("sensitivity: trajectories = " + std::to_string(options.trajectories) +
                                ": must be in [2, 100000]");
  }
  if (options.levels < 2 || options.levels % 2 != 0 || options.levels > 1000) {
    throw std::invalid_argument("sensitivity: levels = " + std::to_string(options.levels) + ": must be even, in [2, 1000]");
  }
  check_levers(scenario);
  const std::size_t k = scenario.levers.size();
  const std::int64_t p = options.levels;
  const std::int64_t jump = p / 2;  // Δ in grid steps: Δ = (p / 2) / (p − 1)
  const auto x_of = [p](std::int64_t level) { return static_cast<double>(level) / static_cast<double>(p - 1); };

  std::vector<DesignPoint> design;
  for (std::int64_t t = 0; t < options.trajectories; ++t) {
    sim::RandomStream stream({seed, 0}, purpose::sensitivity_design, static_cast<std::uint64_t>(t), 0);
    std::vector<std::int64_t> level(k), direction(k);
    for (std::size_t i = 0; i < k; ++i) {
      const auto base = static_cast<std::int64_t>(sim::uniform_index(stream, static_cast<std::uint64_t>(p - jump)));
      direction[i] = sim::bernoulli(stream, 0.5) ? 1 : -1;
      level[i] = direction[i] > 0 ? base : base + jump;  // a decreasing lever starts Δ above its base
    }
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[sim::uniform_index(stream, i)]);

    const auto point = [&](std::int64_t index, std::int64_t changed, std::int64_t sign) {
      DesignPoint entry;
      entry.trajectory = t;
      entry.index = index;
      entry.changed = changed;
      entry.direction = sign;
      for (std::size_t i = 0; i < k; ++i) {
        entry.x.push_back(x_of(level[i]));
        entry.values.push_back(lever_value(scenario, scenario.levers[i], entry.x.back()));
      }
      design.push_back(std::move(entry));
    };
    point(0, -1, 0);
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = order[j];
      level[i] += direction[i] * jump;
      point(static_cast<std::int64_t>(j + 1), static_cast<std::int64_t>(i), direction[i]);
    }
  }
  return design;
}

SensitivityResult analyse_sensitivity(const Scenario& scenario, const RunOptions& run, const SensitivityOptions& options) {
  SensitivityResult result;
  result.scenario = scenario;
  result.seed = run.seed;
  result.replications = run.replications;
  result.options = options;
  result.delta = static_cast<double>(options.levels) / (2.0 * static_cast<double>(options.levels - 1));
  result.design = morris_design(scenario, run.seed, options);

  const auto variant_at = [&](const DesignPoint& point) {
    Scenario variant = scenario;
    for (std::size_t i = 0; i < scenario.levers.size(); ++i) set_parameter(variant, scenario.levers[i].key, point.values[i]);
    return variant;
  };
  // Points share a geography when they agree on what it is built from; every one is built for the longest commutes
  // of the whole design, so that a lever on a commute limit still shares it.
  CommuteLimits reach{0, 0, 0};
  for (const auto& point : result.design) reach = longest(reach, commute_reach(variant_at(point)));
  std::map<std::string, std::shared_ptr<const Geography>> geographies;
  const double total = static_cast<double>(result.design.size());
  for (std::size_t n = 0; n < result.design.size(); ++n) {
    auto& point = result.design[n];
    const Scenario variant = variant_at(point);
    auto& geography = geographies[geography_signature(variant)];
    if (!geography) geography = std::make_shared<const Geography>(build_geography(variant, reach, sim::Executor(run.threads)));
    RunOptions options_n = run;
    options_n.progress = [&run, n, total](double fraction) {
      if (run.progress) run.progress((static_cast<double>(n) + fraction) / total);
    };
    point.outcomes = outcome_means(run_ensemble(variant, options_n, geography));
  }

  const auto& outcomes = sensitivity_outcomes();
  const std::size_t k = scenario.levers.size();
  std::vector<std::vector<std::vector<double>>> effects(k, std::vector<std::vector<double>>(outcomes.size()));
  for (std::size_t n = 0; n < result.design.size(); ++n) {
    const auto& point = result.design[n];
    if (point.changed < 0) continue;
    const auto& before = result.design[n - 1];
    const double step = static_cast<double>(point.direction) * result.delta;
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      effects[static_cast<std::size_t>(point.changed)][o].push_back((point.outcomes[o] - before.outcomes[o]) / step);
    }
  }
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const auto& ee = effects[i][o];
      Effect effect{scenario.levers[i].key, outcomes[o], sim::mean(ee), mean_absolute(ee), std::sqrt(sim::variance(ee))};
      std::vector<double> mu_stars, sigmas, resample(ee.size());
      for (std::uint64_t b = 0; b < bootstrap_resamples; ++b) {
        sim::RandomStream stream({run.seed, 0}, purpose::sensitivity_bootstrap, i * outcomes.size() + o, b);
        for (double& e : resample) e = ee[sim::uniform_index(stream, ee.size())];
        mu_stars.push_back(mean_absolute(resample));
        sigmas.push_back(std::sqrt(sim::variance(resample)));
      }
      effect.mu_star_low = sim::quantile(mu_stars, 0.025);
      effect.mu_star_high = sim::quantile(mu_stars, 0.975);
      effect.sigma_low = sim::quantile(sigmas, 0.025);
      effect.sigma_high = sim::quantile(sigmas, 0.975);
      result.effects.push_back(effect);
    }
  }
  return result;
}

sim::Table effects_table(const std::vector<Effect>& effects) {
  sim::Table table(tables::sensitivity_effects());
  table.add_column("lever", sim::column_of(effects, [](const Effect& e) { return e.lever; }))
      .add_column("outcome", sim::column_of(effects, [](const Effect& e) { return e.outcome; }))
      .add_column("mu", sim::column_of(effects, [](const Effect& e) { return e.mu; }))
      .add_column("mu_star", sim::column_of(effects, [](const Effect& e) { return e.mu_star; }))
      .add_column("sigma", sim::column_of(effects, [](const Effect& e) { return e.sigma; }))
      .add_column("mu_star_low", sim::column_of(effects, [](const Effect& e) { return e.mu_star_low; }))
      .add_column("mu_star_high", sim::column_of(effects, [](const Effect& e) { return e.mu_star_high; }))
      .add_column("sigma_low", sim::column_of(effects, [](const Effect& e) { return e.sigma_low; }))
      .add_column("sigma_high", sim::column_of(effects, [](const Effect& e) { return e.sigma_high; }));
  return table;
}

void write_sensitivity(const std::filesystem::path& path, std::string_view invocation, const SensitivityResult& result,
                       const std::atomic<bool>* cancel) {
  const Scenario& scenario = result.scenario;
  sim::ResultsWriter out(path);
  write_provenance(out, scenario, result.seed, result.replications, "sensitivity", invocation);
  out.set_attribute("/", "trajectories", result.options.trajectories);
  out.set_attribute("/", "levels", result.options.levels);
  out.set_attribute("/", "delta", result.delta);
  out.write_text("/scenario", to_toml(scenario));
  out.write_table(effects_table(result.effects));

  const auto& design = result.design;
  sim::Table points(tables::sensitivity_design());
  points.add_column("trajectory", sim::column_of(design, [](const DesignPoint& p) { return p.trajectory; }))
      .add_column("point", sim::column_of(design, [](const DesignPoint& p) { return p.index; }))
      .add_column("changed", sim::column_of(design, [&](const DesignPoint& p) {
        return p.changed < 0 ? std::string() : scenario.levers[static_cast<std::size_t>(p.changed)].key;
      }))
      .add_column("direction", sim::column_of(design, [](const DesignPoint& p) { return p.direction; }));
  for (std::size_t i = 0; i < scenario.levers.size(); ++i) {
    const auto& key = scenario.levers[i].key;
    points.add_column("x:" + key, sim::column_of(design, [i](const DesignPoint& p) { return p.x[i]; }), "normalised level in [0, 1]");
    points.add_column(key, sim::column_of(design, [i](const DesignPoint& p) { return p.values[i]; }), "value applied");
  }
  const auto& outcomes = sensitivity_outcomes();
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    points.add_column(outcomes[o], sim::column_of(design, [o](const DesignPoint& p) { return p.outcomes[o]; }),
                      "total over the run, mean over replications");
  }
  out.write_table(points);
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
