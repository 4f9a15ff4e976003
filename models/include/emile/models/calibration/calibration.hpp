#pragma once
// Calibration: a posterior over a scenario's uncertain parameters (`[[uncertain]]`) given the public record
// (targets.hpp), by ABC-SMC (sim/abc_smc.hpp).
//
// Each proposal is the scenario with its uncertain parameters set to the proposal's values (integers rounded),
// simulated `replicates` times up to the last target date (TargetSimulator); the targets' values are averaged over
// the replicates and their distance to the record taken (target_fit.hpp). Proposal k of generation g simulates
// from the stream seed drawn from (seed, g, k) (purpose calibration_simulation), replicate j as replication j:
// with the engine's fixed batches and first-accepted-in-order rule, the posterior is the same at any thread count.
//
// Usage:
//   CalibrationOptions options;  options.particles = 1000;  options.seed = 1;
//   const CalibrationResult result = calibrate(scenario, load_targets("targets.toml", scenario), options);
#include "emile/models/calibration/target_simulator.hpp"
#include "emile/models/calibration/targets.hpp"
#include "emile/sim/abc_smc.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

struct CalibrationOptions {
  std::size_t particles = 1000;
  std::size_t generations = 5;
  double quantile = 0.5;         ///< of a generation's distances: the next one's tolerance
  double min_acceptance = 0.01;  ///< a generation accepting fewer proposals than this share ends the calibration
  std::int64_t replicates = 1;   ///< simulations per proposal, their targets' values averaged
  std::uint64_t seed = 1;
  int threads = 0;  ///< 0: all cores
  const sim::Processes* processes = nullptr;  ///< the proposals shared out over them (null: this process alone)
  sim::AbcProgress progress;
  /// When set and it becomes true, the calibration stops at the next step and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

struct CalibrationResult {
  Scenario scenario;  ///< as given
  Targets targets;
  CalibrationOptions options;  ///< as given (without progress and cancel)
  std::vector<std::string> keys;  ///< the uncertain parameters, in the scenario's order
  std::vector<sim::Prior> priors;
  /// Every generation kept; the last is the posterior. Each particle keeps the targets' values simulated at it
  /// (mean over replicates): AbcGeneration::kept.
  sim::AbcResult abc;
  sim::Date stopped_after;  ///< the last day each simulation ran
  bool draws_own_worlds = false;  ///< the uncertain parameters shape the world: each simulation drew its own
  TargetSimulator::Cost cost;
  double distance_seconds = 0;  ///< thread time taking distances
  double wall_seconds = 0;
};

/// Calibrates `scenario`'s uncertain parameters to `targets` (checked against it: load_targets). Throws
/// sim::ScenarioError (key `uncertain`) when the scenario declares no uncertain parameter, std::invalid_argument
/// for bad options, Cancelled when cancelled. A generation accepting less than the minimum share ends it early:
/// the generations kept are returned, with abc.stopped_on_acceptance set.
CalibrationResult calibrate(const Scenario& scenario, const Targets& targets, const CalibrationOptions& options);

}  // namespace emile::models
