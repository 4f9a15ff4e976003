#pragma once
// Runs a scenario's replications, in parallel, and collects their records.
//
// Replication r of seed s draws from streams keyed by (s, r): replications are independent, explicit, and
// the same whatever the thread count or the order in which they finish.
#include "emile/models/ensemble/checkpoint.hpp"
#include "emile/models/ensemble/posterior.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/processes.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace emile::models {

struct Geography;

/// Where and when a run saves checkpoints (see checkpoint.hpp).
struct CheckpointOptions {
  std::filesystem::path path;   ///< where to save; empty: no checkpoints
  sim::Step every = 0;          ///< save each running replication every that many steps (0: never)
  sim::Step pause_at = -1;      ///< stop every replication before this step and save (−1: run to the end)
  std::filesystem::path output; ///< the results file the run will write, recorded for resuming
};

/// What a user asks of checkpoints (command-line options, Python arguments).
struct CheckpointRequest {
  std::filesystem::path path;              ///< empty: the results file's name ending in .ckpt
  std::optional<std::int64_t> every_weeks; ///< save every that many simulated weeks
  std::optional<sim::Date> until;          ///< pause at the step containing this date
  /// Create and remove a temporary beside the checkpoint now, so that an unwritable path fails before the run:
  /// by the process that will write it (under MPI, the leader alone).
  bool probe = true;
};

/// The checkpoint options for a run of `scenario` writing `output`, after checking the request: `until` after
/// the start and inside the run, a checkpoint file other than `output` that can be created (see
/// CheckpointRequest::probe). Throws std::invalid_argument
/// naming the option, or sim::AtomicFileError.
CheckpointOptions plan_checkpoints(const Scenario& scenario, const std::filesystem::path& output, const CheckpointRequest& request);

/// The same for resuming `checkpoint`, read from `checkpoint_path`. A checkpoint saved as the run went is the
/// run's own: by default it goes on being updated at the same interval (and is removed when the results are
/// written). One saved at a pause is kept as it is, to branch from again; saving over it is refused.
CheckpointOptions plan_resumed_checkpoints(const Checkpoint& checkpoint, const std::filesystem::path& checkpoint_path,
                                           const std::filesystem::path& output, const CheckpointRequest& request);

/// Once a run's results are written: removes the checkpoint it saved as it went, which the results supersede.
/// Nothing is removed when the run saved none.
void remove_spent_checkpoint(const CheckpointOptions& checkpoints);

struct EnsembleResult;

/// Receives an ensemble's records as its replications finish (RunOptions::sink) instead of EnsembleResult::runs:
/// a results file written as the run goes (RunFileWriter) keeps memory flat in the number of replications.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  /// Once, before any record: what the run is (`runs` empty) and how many replications it has.
  virtual void begin(const EnsembleResult& run, std::size_t replications) = 0;
  /// Every replication's record, once each, from the worker threads, in any order (replications start in index
  /// order, so they finish nearly in it); must be thread-safe.
  virtual void add(RunRecord record) = 0;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::int64_t replications = 1;
  int threads = 0;  ///< 0: all cores
  /// Called from worker threads with the fraction of work done (0–1); must be thread-safe.
  std::function<void(double)> progress;
  /// When set and it becomes true, the run stops at the next step and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  CheckpointOptions checkpoints;
  /// When set, every replication stops after the step holding this date (inside the run): its record and the
  /// result's dates end there. The calendar, the events and the territories' joins stay the whole run's, so the
  /// steps run are those of the full run — for callers that need only a run's first weeks (calibration).
  std::optional<sim::Date> stop_after;
  /// When set, every record goes there as its replication finishes, and EnsembleResult::runs stays empty. With
  /// several processes the records go to the leader's sink; the others' is told begin() only.
  RecordSink* sink = nullptr;
  /// The processes the replications are shared out over (sim/processes.hpp); null: this process alone. Every one
  /// of them calls run_ensemble with the same scenario and options, and every one returns the same result (the
  /// records travel from the leader to the others, unless they went to a sink). With several processes,
  /// checkpoints are saved by the leader as replications finish, not every few steps of each: a run resumed from
  /// one runs again the replications that were under way.
  const sim::Processes* processes = nullptr;
  /// When set, replication r runs the scenario with the values of the particle it draws (Posterior::particle_for):
  /// the bands hold parameter uncertainty. Particles that shape the world draw their own, from the world's streams
  /// (as a calibration's proposals do); one that would change the commune graphs is refused (sim::ScenarioError),
  /// as are checkpoints, a resumed run and a branch (std::invalid_argument).
  const Posterior* posterior = nullptr;
  /// With a posterior: a change made to each replication's scenario after its draw — an analysis' change relative
  /// to a drawn value (capacity's one more unit of a resource the posterior draws).
  std::function<void(Scenario&)> after_draw;
};

/// Thrown when a run is cancelled through RunOptions::cancel.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("run cancelled") {}
};

struct EnsembleResult {
  Scenario scenario;  ///< as given (before any timeline change)
  std::shared_ptr<const Geography> geography;  ///< the communes every replication ran on
  std::uint64_t seed = 0;
  std::vector<RunRecord> runs;  ///< by replication index; empty when they went to RunOptions::sink
  std::optional<sim::Date> stopped_after;  ///< RunOptions::stop_after
  /// The recorded date (last day) of every step, YYYY-MM-DD.
  std::vector<std::string> dates;
  /// Set when the run paused there (CheckpointOptions::pause_at): the checkpoint is saved, `runs` is empty.
  std::optional<sim::Step> paused_at;
  /// The file of the posterior every replication drew its parameters from (RunOptions::posterior); empty when none.
  std::filesystem::path posterior;
};

/// Runs every replication. Throws sim::ScenarioError for an unusable scenario (e.g. a missing communes file),
/// Cancelled when cancelled.
EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options);

/// The same, on an already built geography (see geography.hpp), so that variants of a scenario which share its
/// geographic figures and `[geography]` section do not rebuild the commune graphs. `geography` must have been
/// built from such a scenario, for a reach covering the scenario's commutes (build it for the longest
/// commute_reach of all the variants): std::logic_error otherwise (require_reach).
EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options, std::shared_ptr<const Geography> geography);

/// Goes on with a saved run: finished replications keep their records, paused ones continue from their state,
/// the others start. Seed and replications come from the checkpoint; threads, progress, cancellation and
/// further checkpoints from `options`. The results equal those of the uninterrupted run.
EnsembleResult resume_ensemble(const Checkpoint& checkpoint, const RunOptions& options);

/// Branches `variant` from a checkpoint whose replications are all paused at one step: each goes on under the
/// variant (Simulation::fork), so the results equal those of the saved scenario with the variant's differences
/// switched on at that step by dated `set` events. Throws sim::ScenarioError when the checkpoint has no common
/// step or the variant other run dates or territories.
EnsembleResult branch_ensemble(const Checkpoint& checkpoint, const Scenario& variant, const RunOptions& options);

}  // namespace emile::models
