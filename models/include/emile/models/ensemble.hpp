#pragma once
// Runs a scenario's replications, in parallel, and collects their records.
//
// Replication r of seed s draws from streams keyed by (s, r): replications are independent, explicit, and
// the same whatever the thread count or the order in which they finish.
#include "emile/models/recorder.hpp"
#include "emile/models/scenario.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace emile::models {

struct Geography;

struct RunOptions {
  std::uint64_t seed = 1;
  std::int64_t replications = 1;
  int threads = 0;  ///< 0: all cores
  /// Called from worker threads with the fraction of work done (0–1); must be thread-safe.
  std::function<void(double)> progress;
  /// When set and it becomes true, the run stops at the next step and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

/// Thrown when a run is cancelled through RunOptions::cancel.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("run cancelled") {}
};

struct EnsembleResult {
  Scenario scenario;  ///< as given (before any timeline change)
  std::uint64_t seed = 0;
  std::vector<RunRecord> runs;  ///< by replication index
  /// The recorded date (last day) of every step, YYYY-MM-DD.
  std::vector<std::string> dates;
};

/// Runs every replication. Throws sim::ScenarioError for an unusable scenario (e.g. a missing communes file),
/// Cancelled when cancelled.
EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options);

/// The same, on an already built geography (see geography.hpp), so that variants of a scenario which share its
/// geographic figures and `[geography]` section do not rebuild the commune graphs. `geography` must have been
/// built from such a scenario.
EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options, std::shared_ptr<const Geography> geography);

}  // namespace emile::models
