#pragma once
// What a replication shows of its households: how many (and how many persons) stand in each stage per territory
// row at the end of a step, the entries into each stage during the step, the log of every stage change and of
// every job held after a move. The pathway writes it; the recorder, the Python bindings and the tests read it
// through Simulation.
//
// Territory rows: the origins (row k = origin k), then the hosts (row origins + i = host territory i). A household
// counts at its origin until a territory is proposed to it, then at that territory.
#include "emile/models/agents/household.hpp"
#include "emile/models/foundations/sector.hpp"
#include "emile/models/foundations/stage.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/calendar.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace emile::models {

/// A household's stage change: one row of the event log, at its territory row (its origin's, or its host's).
struct Transition {
  sim::Step step;
  std::uint32_t household;
  Stage from;
  Stage to;
  std::int16_t territory_row;
  /// The step the household joined, in `from`, the queue for the resource it waited for there (a caseworker slot
  /// of its origin, a territory able to take it, an immersion slot, a match, a territory caseworker); −1 when it
  /// left `from` without queueing. So `step − queued_step` is its time in the queue, the rest of its time in `from`
  /// a fixed duration (intake, diagnosis, organising a visit, preparing the move).
  sim::Step queued_step = -1;
};

/// The step `household`, as it stands, joined its stage's resource queue, or −1 if it is not queueing: a household
/// flagged as queued joined at `queued_since`; a committed one waits for a match from its commitment.
sim::Step queued_step(const Household& household);

/// Why a job spell ended.
enum class JobEnd : std::uint8_t { ongoing, contract_end, job_loss, returned };
inline constexpr std::array<std::string_view, 4> job_end_names = {"ongoing", "contract_end", "job_loss", "returned"};

/// A job held after the move.
struct JobSpell {
  std::uint32_t household;
  std::int16_t territory_row;
  std::uint32_t employer;
  Contract contract;
  sim::Step start;
  sim::Step end = -1;  ///< step it ended, −1 while ongoing
  JobEnd reason = JobEnd::ongoing;
};

/// Households and the persons in them.
struct Counts {
  std::int64_t households = 0;
  std::int64_t persons = 0;
};

/// Households and persons in each stage, for one territory row.
using StageCounts = std::array<Counts, stage_count>;

class StageLedger {
 public:
  /// A ledger of `origins` origin rows and `hosts` host rows in which the households of `pool` are all eligible,
  /// each at its origin.
  StageLedger(std::size_t origins, std::size_t hosts, std::span<const Household> pool);

  std::size_t rows() const { return in_stage_.size(); }
  /// Households (and persons) in `stage` attributed to `row` at the end of the last step.
  const Counts& in_stage(std::size_t row, Stage stage) const { return in_stage_[row][static_cast<std::size_t>(stage)]; }
  /// Entries into `stage` attributed to `row` during the last step.
  const Counts& flow(std::size_t row, Stage stage) const { return flows_[row][static_cast<std::size_t>(stage)]; }
  /// Every stage change so far, in order.
  const std::vector<Transition>& transitions() const { return transitions_; }
  /// Every job spell so far, in order of start.
  const std::vector<JobSpell>& jobs() const { return jobs_; }
  const JobSpell& job(std::int32_t index) const { return jobs_[static_cast<std::size_t>(index)]; }

  /// A new step begins: no entries yet.
  void start_step();
  /// Household `id`, as it stands before the change, moves to stage `to` at `step`, in its row.
  void record_transition(std::uint32_t id, const Household& household, Stage to, sim::Step step);
  /// The household's count in its stage moves from its origin's row to host territory `territory`'s (when a
  /// territory is proposed to it).
  void attribute_to_territory(const Household& household, std::size_t territory);
  /// Logs a job spell that starts; returns its index in jobs().
  std::int32_t start_job(const JobSpell& spell);
  /// The job spell at `index` ends at `step` for `reason`.
  void end_job(std::int32_t index, sim::Step step, JobEnd reason);

  /// Heap bytes held by the logs, for memory accounting.
  std::size_t bytes() const { return transitions_.capacity() * sizeof(Transition) + jobs_.capacity() * sizeof(JobSpell); }

  /// Saves counts, flows and logs.
  void save(sim::ArchiveWriter& out) const;
  /// Restores a ledger of `origins` origin rows and `hosts` host rows saved by save(). Throws sim::ArchiveError
  /// when it has another number of rows; the ids in its logs are checked by the restoring pathway.
  static StageLedger restore(sim::ArchiveReader& in, std::size_t origins, std::size_t hosts);

 private:
  StageLedger() = default;

  /// The household's row: its origin's until a territory is proposed to it, then that territory's.
  std::size_t row_of(const Household& household) const;

  std::size_t origins_ = 0;
  std::vector<StageCounts> in_stage_;
  std::vector<StageCounts> flows_;
  std::vector<Transition> transitions_;
  std::vector<JobSpell> jobs_;
};

}  // namespace emile::models
