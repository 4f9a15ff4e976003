#pragma once
// A saved ensemble: its scenario, seed and output, and for every replication where it stands — not started,
// paused between two steps with its whole state, or done with its record.
//
// `emile run --checkpoint-every WEEKS` keeps one up to date as the run goes (a safety net: after a crash,
// `emile resume` loses at most WEEKS of simulated time per running replication); `emile run --until DATE`
// pauses every replication at DATE and saves one to resume later or to branch variants from
// (`emile run VARIANT --from CHECKPOINT`). A resumed or branched run does not replay anything: it restores
// the saved states and goes on, and its results equal those of the uninterrupted run element for element.
//
// A checkpoint holds the replications' state only: what changes during a run (households, queues, each
// dwelling's state, the vacancies, the ledger), not the world they started from (the communes, the dwellings'
// fixed attributes, the employers), which is rebuilt from the saved scenario and seed when the checkpoint is
// resumed or branched. Its world identity — a hash of that scenario, the seed and the data files the world is
// built from — says whether the rebuilt world is the one saved: a checkpoint whose data files have changed since is
// refused, naming them.
//
// The file is an archive of kind "checkpoint" (see sim/archive.hpp): written atomically, refused with a clear
// error when truncated, damaged or foreign.
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace emile::models {

struct ReplicationCheckpoint {
  enum class Status : std::uint8_t { not_started, paused, done };
  Status status = Status::not_started;
  sim::Step step = 0;            ///< paused: the next step to run
  std::vector<std::byte> state;  ///< paused: simulation and recorder; done: the run record
};

/// The world identity of a run of `world` seeded `seed`: a 64-bit hash (FNV-1a) of the scenario's TOML text, the
/// seed and the bytes of the data files its geography reads. Throws sim::ScenarioError when a data file cannot be
/// read.
std::uint64_t world_identity(const Scenario& world, std::uint64_t seed);

struct Checkpoint {
  Scenario world;     ///< the scenario the world was built from (households, stocks, employers, geography)
  std::uint64_t world_identity = 0;  ///< see world_identity(); set when the run starts
  Scenario scenario;  ///< the scenario the results belong to, as given (a branch's variant)
  std::uint64_t seed = 0;
  std::filesystem::path output;  ///< the results file of the run
  sim::Step every = 0;           ///< steps between saves; 0 when saved at a pause only
  bool pause = false;            ///< saved by a pause (kept), rather than as the run went (removed at its end)
  std::vector<ReplicationCheckpoint> replications;
  std::filesystem::path file;  ///< the file it was read from (empty when built by a run): named by every error

  /// The step every replication is paused at; throws sim::ScenarioError naming `path` when some replication is
  /// not paused there (branching needs one common date).
  sim::Step common_step(const std::filesystem::path& path) const;
};

/// Writes `checkpoint` to `path` atomically. Throws sim::AtomicFileError.
void save_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

/// Reads a checkpoint. Throws sim::ArchiveError naming the file when it is not a checkpoint, is truncated or
/// damaged, when a scenario saved in it can no longer be read or used (damaged, or its communes file is gone:
/// the message names the scenario's original file too), or when its world can no longer be rebuilt as it was
/// (a data file changed since: the message names the data files). The replications' states are checked as they are
/// restored (resume_ensemble, branch_ensemble), with the same error naming the file and the replication.
Checkpoint load_checkpoint(const std::filesystem::path& path);

}  // namespace emile::models
