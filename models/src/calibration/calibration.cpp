#include "emile/models/calibration/calibration.hpp"

#include "emile/models/calibration/target_fit.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/random_stream.hpp"

#include <chrono>
#include <stdexcept>

namespace emile::models {
namespace {

using Clock = std::chrono::steady_clock;

void check_options(const CalibrationOptions& options) {
  if (options.replicates < 1 || options.replicates > 1000) {
    throw std::invalid_argument("replicates = " + std::to_string(options.replicates) + ": must be in [1, 1000]");
  }
}

}  // namespace

CalibrationResult calibrate(const Scenario& scenario, const Targets& targets, const CalibrationOptions& options) {
  if (scenario.uncertain.empty()) {
    throw sim::ScenarioError({scenario.source.string(), 0, 0}, "uncertain", "",
                             "no [[uncertain]] parameter declared; a calibration needs at least one (key and prior)");
  }
  check_options(options);
  const auto started = Clock::now();
  CalibrationResult result;
  result.scenario = scenario;
  result.targets = targets;
  result.options = options;
  result.options.progress = {};
  result.options.cancel = nullptr;
  TargetSimulator::Varied varied;
  for (std::size_t i = 0; i < scenario.uncertain.size(); ++i) {
    result.keys.push_back(scenario.uncertain[i].key);
    result.priors.push_back(prior_of(scenario, i));
    varied.ranges.emplace_back(scenario.uncertain[i].low, scenario.uncertain[i].high);
  }
  varied.keys = result.keys;

  const sim::Executor executor(options.threads);
  const TargetSimulator simulator(scenario, targets, std::move(varied), options.seed, executor);
  result.stopped_after = simulator.stopped_after();
  result.draws_own_worlds = simulator.draws_own_worlds();

  std::atomic<std::int64_t> distance_ns{0};
  const auto simulate = [&](std::span<const double> theta, std::size_t g, std::size_t k) {
    const std::uint64_t stream_seed = sim::RandomStream({options.seed, 0}, purpose::calibration_simulation, g, k).bits();
    std::vector<double> mean(targets.targets.size(), 0.0);
    for (std::int64_t j = 0; j < options.replicates; ++j) {
      const auto values = simulator.simulate(theta, stream_seed, static_cast<std::uint32_t>(j), options.cancel);
      for (std::size_t t = 0; t < mean.size(); ++t) mean[t] += values[t] / static_cast<double>(options.replicates);
    }
    const auto measuring = Clock::now();
    const double distance = target_distance(targets, scenario, mean);
    distance_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - measuring).count();
    return sim::AbcSimulation{distance, std::move(mean)};
  };

  sim::AbcSettings settings;
  settings.particles = options.particles;
  settings.generations = options.generations;
  settings.quantile = options.quantile;
  settings.min_acceptance = options.min_acceptance;
  settings.seed = options.seed;
  const sim::Processes& processes = options.processes ? *options.processes : sim::this_process();
  result.abc = sim::run_abc_smc(result.priors, simulate, settings, executor, options.progress, processes);
  // The costs of every process's simulations.
  const auto cost = simulator.cost();
  const auto total = processes.sum({static_cast<double>(cost.simulations), static_cast<double>(cost.worlds_drawn),
                                    static_cast<double>(cost.geographies_built), cost.world_seconds, cost.stepping_seconds,
                                    cost.targets_seconds, 1e-9 * static_cast<double>(distance_ns.load())});
  result.cost = {static_cast<std::uint64_t>(total[0]), static_cast<std::uint64_t>(total[1]),
                 static_cast<std::uint64_t>(total[2]), total[3], total[4], total[5]};
  result.distance_seconds = total[6];
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

}  // namespace emile::models
