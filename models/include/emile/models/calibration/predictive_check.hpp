#pragma once
// A predictive check (`emile check`): does the scenario — or its calibrated posterior — reproduce the record?
// Each target's observed value is compared with the model's 90 % predictive interval (5 % to 95 % quantiles of
// the simulated values over replications) and median.
//
// Replication r runs as replication r of `emile run` with the same seed (the same households and, for a shared
// world, the same markets), up to the last target date. With a posterior, replication r first draws a particle by
// weight (purpose posterior_draw, entity r) and runs with its values: the interval then holds the parameters'
// uncertainty as well as the noise.
#include "emile/models/calibration/calibration_file.hpp"
#include "emile/models/calibration/targets.hpp"
#include "emile/sim/processes.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace emile::models {

struct CheckOptions {
  std::int64_t replications = 100;
  std::uint64_t seed = 1;
  int threads = 0;
  const sim::Processes* processes = nullptr;  ///< the replications shared out over them (null: this process alone)
  const Posterior* posterior = nullptr;  ///< draw each replication's parameters from it; null: the scenario's own
  std::function<void(double)> progress;  ///< fraction done, from any thread
  const std::atomic<bool>* cancel = nullptr;
};

struct TargetCheck {
  double observed = 0;  ///< observed_value
  double low = 0;       ///< 5 % quantile of the simulated values (NaN when no replication showed the target)
  double median = 0;
  double high = 0;      ///< 95 % quantile
  std::int64_t shown = 0;  ///< replications that showed the target (a median or share of no household shows nothing)
  bool inside = false;     ///< low ≤ observed ≤ high
};

struct CheckResult {
  std::vector<TargetCheck> targets;  ///< one per target, in the file's order
  std::vector<std::vector<double>> simulated;  ///< [replication][target]
  bool all_inside() const;
};

/// Runs the check. Throws sim::ScenarioError when a posterior's key is no parameter of `scenario` (naming the
/// posterior's file), std::invalid_argument for fewer than 2 replications, Cancelled when cancelled.
CheckResult check_targets(const Scenario& scenario, const Targets& targets, const CheckOptions& options);

}  // namespace emile::models
