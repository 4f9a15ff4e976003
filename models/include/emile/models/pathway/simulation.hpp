#pragma once
// One replication of a scenario: owns the households, the territories' housing stocks and labour markets, the
// caseworker pools and queues, the event queue and the clock; advances step by step.
//
// Determinism: every random draw comes from a stream keyed by what it decides (see purposes.hpp). Household
// events are processed in household order; territories' markets update in parallel, each from its own
// stream. Results are therefore identical for any thread count.
//
// Usage:
//   Simulation sim(scenario, geography, seed, replication, executor);
//   while (!sim.done()) { sim.step(); recorder.observe(sim); }
#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/household.hpp"
#include "emile/models/agents/labour_market.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/models/foundations/stage.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/event_queue.hpp"
#include "emile/sim/executor.hpp"

#include <array>
#include <deque>
#include <memory>
#include <span>
#include <vector>

namespace emile::models {

/// A household's stage change: one row of the event log. Territory rows: 0 = origin, 1 + i = host i.
struct Transition {
  sim::Step step;
  std::uint32_t household;
  Stage from;
  Stage to;
  std::int16_t territory_row;
};

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

/// Resource levels of one territory row at the end of a step.
struct ResourceLevels {
  std::int64_t caseworkers = 0;          ///< caseworkers in post
  std::int64_t caseworker_capacity = 0;  ///< households the caseworkers can follow at once
  std::int64_t caseworker_load = 0;      ///< households followed
  std::int64_t caseworker_queue = 0;     ///< households waiting for a caseworker
  std::int64_t immersion_queue = 0;      ///< households ready for a visit, waiting for a slot
  std::int64_t open_vacancies = 0;
  std::int64_t programme_vacancies = 0;  ///< open vacancies offered to the programme
  std::int64_t vacant_dwellings = 0;
  std::int64_t reserved_dwellings = 0;
};

class Simulation {
 public:
  /// Builds the replication's world. `executor` runs per-territory work; it must outlive the simulation.
  Simulation(const Scenario& scenario, std::shared_ptr<const Geography> geography, std::uint64_t seed,
             std::uint32_t replication, const sim::Executor& executor);
  /// Restores a simulation saved by save(), on the geography of the world it was built in. Throws
  /// sim::ArchiveError (damaged or foreign state) or sim::ScenarioError.
  Simulation(sim::ArchiveReader& in, std::shared_ptr<const Geography> geography, const sim::Executor& executor);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// Runs the next step. Throws std::logic_error when done().
  void step();
  bool done() const { return next_step_ >= steps_; }
  /// The next step to run (0 before the first).
  sim::Step next_step() const { return next_step_; }
  sim::Step steps() const { return steps_; }
  const sim::Clock& clock() const { return clock_; }
  /// The scenario as it stands now (levers changed by timeline events included).
  const Scenario& scenario() const { return scenario_; }
  sim::StreamSeed seed() const { return seed_; }

  /// Territory rows: 0 = origin, 1 + i = host territory i.
  std::size_t territory_rows() const { return 1 + territories_.size(); }
  std::span<const Household> households() const { return households_; }
  /// Households (and persons) in `stage` attributed to `row` at the end of the last step.
  const Counts& in_stage(std::size_t row, Stage stage) const { return stage_counts_[row][static_cast<std::size_t>(stage)]; }
  /// Entries into `stage` attributed to `row` during the last step.
  const Counts& flow(std::size_t row, Stage stage) const { return flows_[row][static_cast<std::size_t>(stage)]; }
  ResourceLevels resources(std::size_t row) const;
  /// Every stage change so far, in order.
  const std::vector<Transition>& transitions() const { return transitions_; }
  /// Every job spell so far.
  const std::vector<JobSpell>& jobs() const { return jobs_; }
  const DwellingStock& housing(std::size_t territory) const;
  const LabourMarket& labour(std::size_t territory) const;
  /// Heap bytes held by agents and markets, for memory accounting.
  std::size_t bytes() const;

  /// Saves the whole state between two steps: the scenario as it stands, households, every territory's markets
  /// and queues, pending events, counts and logs. Random streams are keyed by counters saved here, so the
  /// restored simulation goes on exactly as this one would.
  void save(sim::ArchiveWriter& out) const;
  /// Goes on under `variant` from the next step, as if dated `set` events switched every parameter in which it
  /// differs at that step: the world already built (households, stocks, employers, geography) stays. The
  /// variant's `set` events dated before the next step are applied first, as they would have been. Throws
  /// sim::ScenarioError when the variant has other run dates or territories.
  void fork(const Scenario& variant);

 private:
  struct Territory;
  enum class Next : std::uint8_t;

  // Pathway.
  void apply_timeline(sim::Step step);
  void refer(sim::Step step);
  void handle(std::uint32_t id, sim::Step step);
  void enrol_from_queue(sim::Step step);
  void propose_waiting(sim::Step step);
  bool propose(std::uint32_t id, sim::Step step);
  void immersion_visits(sim::Step step);
  void match(std::size_t territory, sim::Step step);
  void moves(sim::Step step);
  void after_move_schedule(std::uint32_t id, sim::Step step);
  void withdraw(std::uint32_t id, sim::Step step);
  void end_job(std::uint32_t id, sim::Step step, JobEnd reason);
  void start_job(std::uint32_t id, std::uint32_t employer, Contract contract, sim::Step step);
  void finish_follow_up(std::uint32_t id);

  // Mechanics.
  void transition(std::uint32_t id, Stage to, sim::Step step);
  void schedule(std::uint32_t id, Next kind, sim::Step at);
  /// Cancels the household's pending event (it has reached an end state).
  void cancel(std::uint32_t id);
  /// Schedules `kind` after `weeks`, unless a withdrawal drawn now comes first.
  void schedule_or_withdraw(std::uint32_t id, Next kind, double weeks, sim::Step step);
  void schedule_withdrawal(std::uint32_t id, sim::Step step);
  sim::RandomStream stream_for(std::uint32_t id);
  sim::Step steps_after(double weeks) const;
  bool territory_open(std::size_t territory, sim::Step step) const;
  bool lockdown_active(sim::Step step) const;
  double hiring_factor(sim::Step step) const;
  std::int64_t origin_capacity() const;
  std::int64_t territory_capacity(std::size_t territory) const;
  double withdrawal_rate(const Household& h) const;

  Scenario scenario_;
  std::shared_ptr<const Geography> geography_;
  const sim::Executor& executor_;
  sim::StreamSeed seed_;
  sim::Clock clock_;
  sim::Step steps_;
  sim::Step next_step_ = 0;

  std::vector<Household> households_;
  std::uint32_t next_eligible_ = 0;
  std::vector<std::unique_ptr<Territory>> territories_;
  sim::EventQueue events_;

  std::int64_t origin_slots_used_ = 0;
  std::deque<std::uint32_t> origin_queue_;       // referred households whose intake is done, waiting for a slot
  std::deque<std::uint32_t> awaiting_proposal_;  // diagnosed households no open territory can take yet

  std::vector<std::array<Counts, stage_count>> stage_counts_;
  std::vector<std::array<Counts, stage_count>> flows_;
  std::vector<Transition> transitions_;
  std::vector<JobSpell> jobs_;
};

}  // namespace emile::models
