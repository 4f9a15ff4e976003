#pragma once
// Every household's pathway through the programme, a state machine over `Stage` (stage.hpp): referral by its
// origin's social workers, intake and enrolment with one of its origin's caseworkers, diagnosis, the proposal of a
// host territory its origin sends households to, the immersion visit, the decision, the match with a job and a
// dwelling, the move, follow-up, and life after the move (contracts that end, jobs lost and found, returns to its
// origin).
//
// Each household has at most one pending event: its kind in Household::next, its step in the event queue. A new
// one replaces it (the household's version bumps, so the queue's old entry is ignored). Waiting times are drawn
// from the household's own stream, keyed by its event counter; a withdrawal time drawn alongside competes with
// each wait before the move. Households are handled in id order, so the run does not depend on the thread count.
//
// The pathway owns the households (each origin's pool in turn, in the scenario's order of origins), the origins
// (their caseworker slots and queues), the host territories (their markets and their share of the programme), the
// pending events and the StageLedger the observers read. It reads its settings from the simulation's scenario as
// they stand: dated events change them between steps.
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/household.hpp"
#include "emile/models/agents/starting_markets.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/pathway/household_queue.hpp"
#include "emile/models/pathway/origin_region.hpp"
#include "emile/models/pathway/origin_travel.hpp"
#include "emile/models/pathway/stage_ledger.hpp"
#include "emile/models/pathway/timeline.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/event_queue.hpp"
#include "emile/sim/executor.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace emile::models {

class Pathway {
 public:
  /// Draws every origin's eligible pool and builds the host territories from `markets` (their own copy of the world's, or
  /// the ones drawn for them) on the graphs of `geography`. `scenario` and `clock` are the simulation's: they must
  /// outlive the pathway.
  Pathway(const Scenario& scenario, const Geography& geography, StartingMarkets markets, const sim::Clock& clock,
          sim::StreamSeed seed, sim::Step steps);
  /// Restores a pathway saved by save() on `geography` and the starting `markets` of its world (each territory's
  /// saved state applied to a copy of them), checking every id it holds (saved_simulation.cpp). Throws
  /// sim::ArchiveError on damaged state.
  Pathway(sim::ArchiveReader& in, const Scenario& scenario, const Geography& geography, const sim::Clock& clock,
          sim::StreamSeed seed, sim::Step steps, const StartingMarkets& markets);
  Pathway(const Pathway&) = delete;
  Pathway& operator=(const Pathway&) = delete;
  /// Saves households, territories, pending events, queues and ledger (saved_simulation.cpp).
  void save(sim::ArchiveWriter& out) const;

  /// The households' part of `step`, once the markets have stepped: referrals, the events due, enrolments,
  /// proposals, immersion visits, matches in every territory, moves — visits and matches restricted by the
  /// `lockdown` covering the step (lockdown_at).
  void advance(sim::Step step, const Lockdown& lockdown);

  std::span<const Household> households() const { return households_; }
  const HostTerritories& territories() const { return territories_; }
  /// The territories, for the simulation to step their markets.
  HostTerritories& territories() { return territories_; }
  /// The origins: their pools, caseworker slots and queues.
  const OriginRegions& origins() const { return origins_; }
  const StageLedger& ledger() const { return ledger_; }
  /// Heap bytes held by households, logs and markets, for memory accounting.
  std::size_t bytes() const;

 private:
  /// Kinds of pending household events (Household::next).
  enum class Next : std::uint8_t {
    none,
    intake_done,     ///< referred: the coordinator's intake is done; queue for a caseworker slot
    diagnosis_done,  ///< enrolled: propose a territory, or find the household ineligible
    visit_ready,     ///< proposed: the visit is organised; queue for a monthly slot
    decide,          ///< immersed (or proposed without visits): commit or withdraw
    move_ready,      ///< matched: ready to move; queue for a territory caseworker
    withdraw,        ///< any stage before the move
    follow_up_end,   ///< moved: follow-up ends
    contract_end,    ///< moved, settled or housed: a fixed-term, seasonal or training contract ends
    job_loss,        ///< moved, settled or housed: a job breaks
    search,          ///< moved or housed, unemployed: a search of the territory's local openings
    go_back,         ///< moved, settled or housed: returns to its origin
  };

  // The stages, in pathway order.
  void refer(sim::Step step);
  void handle(std::uint32_t id, sim::Step step);
  /// The household joins `queue`; a withdrawal time drawn now competes with the wait.
  void wait_in(HouseholdQueue& queue, std::uint32_t id, sim::Step step);
  void enrol(std::uint32_t id, sim::Step step);
  bool propose(std::uint32_t id, sim::Step step);
  void visit(std::uint32_t id, HostTerritory& territory, sim::Step step);
  /// Matches the territory's committed households; each match found goes ahead with probability `going_ahead`
  /// (a lockdown's matching factor; 1 otherwise), the others wait.
  void match(HostTerritory& territory, double going_ahead, sim::Step step);
  void move(std::uint32_t id, HostTerritory& territory, sim::Step step);
  /// Offers the household the programme's mobility aid (mobility_aid.hpp), records what it took and returns the
  /// weeks it waits for its licence.
  double give_mobility_aid(std::uint32_t id);
  void withdraw(std::uint32_t id, sim::Step step);

  // Life after the move (life_after_move.cpp).
  /// Applies the household's after-move events falling in `step`, in the order of their times.
  void live_after_move(std::uint32_t id, sim::Step step);
  /// Draws the household's clocks from time `now` (in steps since the run's start, within `step`) and makes the
  /// earliest its pending event. Returns true when it falls in `step` itself, to be applied at once (no queue
  /// entry); otherwise it is queued for its step.
  bool schedule_after_move(std::uint32_t id, double now, sim::Step step);
  /// The household starts a job at time `now`, within `step`.
  void start_job(std::uint32_t id, std::uint32_t employer, Contract contract, double now, sim::Step step);
  void end_job(std::uint32_t id, sim::Step step, JobEnd reason);
  /// The household's job ends for `reason` (not a return): a settled household becomes housed.
  void lose_job(std::uint32_t id, sim::Step step, JobEnd reason);
  void finish_follow_up(std::uint32_t id);
  void give_back_origin_slot(Household& household);
  HostTerritory& territory_of(const Household& household) { return *territories_[static_cast<std::size_t>(household.territory)]; }
  OriginRegion& origin_of(const Household& household) { return origins_[static_cast<std::size_t>(household.origin)]; }

  // Mechanics.
  /// Household `id` moves to stage `to` (a legal transition: else std::logic_error) and stops waiting in a queue.
  void transition(std::uint32_t id, Stage to, sim::Step step);
  void schedule(std::uint32_t id, Next kind, sim::Step at);
  /// Cancels the household's pending event (it has reached an end state).
  void cancel(std::uint32_t id);
  /// Schedules `kind` after `weeks`, unless a withdrawal drawn now comes first.
  void schedule_or_withdraw(std::uint32_t id, Next kind, double weeks, sim::Step step);
  /// Schedules a withdrawal while the household waits in a queue (or for a match: impatience raises its hazard).
  void schedule_withdrawal(std::uint32_t id, sim::Step step);
  /// The household's withdrawal hazard, per year.
  double withdrawal_rate(const Household& household) const;
  /// The household's next random stream.
  sim::RandomStream stream_for(std::uint32_t id);
  sim::Step steps_after(double weeks) const;
  /// `weeks` as a continuous duration in steps.
  double steps_in(double weeks) const { return weeks * sim::days_per_week / clock_.step_days(); }

  const Scenario& scenario_;
  const sim::Clock& clock_;
  sim::StreamSeed seed_;
  sim::Step steps_;
  std::vector<Household> households_;
  OriginRegions origins_;
  HostTerritories territories_;
  /// Travel minutes from each origin to each host (+∞ where it sends none), as the scenario stands this step.
  OriginReach reach_;
  sim::EventQueue events_;
  HouseholdQueue awaiting_proposal_{Stage::enrolled};  ///< diagnosed, waiting for a territory that can take them
  StageLedger ledger_;
};

}  // namespace emile::models
