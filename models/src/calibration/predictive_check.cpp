#include "emile/models/calibration/predictive_check.hpp"

#include "emile/models/calibration/target_simulator.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace emile::models {
namespace {

// The parameters the posterior varies, each over the range of its particles.
TargetSimulator::Varied varied_by(const Posterior* posterior, const Scenario& scenario) {
  if (!posterior) return {};
  for (const auto& key : posterior->keys) {
    try {
      sim::address_of(*scenario_schema().node(), &scenario, key, {posterior->file.string(), 0, 0});
    } catch (const sim::ScenarioError& error) {
      throw sim::ScenarioError({posterior->file.string(), 0, 0}, "/calibration/parameters", key,
                               "the posterior's parameter is none of the scenario's: " + error.problem());
    }
  }
  return {posterior->keys, column_ranges(posterior->particles, posterior->keys.size())};
}

}  // namespace

bool CheckResult::all_inside() const {
  return std::all_of(targets.begin(), targets.end(), [](const TargetCheck& t) { return t.inside; });
}

CheckResult check_targets(const Scenario& scenario, const Targets& targets, const CheckOptions& options) {
  if (options.replications < 2 || options.replications > 100000) {
    throw std::invalid_argument("replications = " + std::to_string(options.replications) + ": must be in [2, 100000]");
  }
  const sim::Executor executor(options.threads);
  const Posterior* posterior = options.posterior;
  const TargetSimulator simulator(scenario, targets, varied_by(posterior, scenario), options.seed, executor);
  const auto replications = static_cast<std::size_t>(options.replications);
  CheckResult result;
  std::atomic<std::size_t> done{0};
  result.simulated = sim::share_with_everyone<std::vector<double>>(
      options.processes ? *options.processes : sim::this_process(), executor, replications, [&](std::size_t r) {
        std::vector<double> values;
        if (posterior) values = posterior->particles[posterior->particle_for(options.seed, r)];
        return simulator.simulate(values, options.seed, static_cast<std::uint32_t>(r), options.cancel);
      },
      [&](std::size_t) {
        if (options.progress) options.progress(static_cast<double>(++done) / static_cast<double>(replications));
      });
  for (std::size_t t = 0; t < targets.targets.size(); ++t) {
    TargetCheck check;
    check.observed = observed_value(targets.targets[t], scenario);
    std::vector<double> shown;
    for (const auto& values : result.simulated) {
      if (!std::isnan(values[t])) shown.push_back(values[t]);
    }
    check.shown = static_cast<std::int64_t>(shown.size());
    if (shown.empty()) {
      check.low = check.median = check.high = std::numeric_limits<double>::quiet_NaN();
    } else {
      check.low = sim::quantile(shown, 0.05);
      check.median = sim::quantile(shown, 0.5);
      check.high = sim::quantile(shown, 0.95);
      check.inside = check.low <= check.observed && check.observed <= check.high;
    }
    result.targets.push_back(check);
  }
  return result;
}

}  // namespace emile::models
