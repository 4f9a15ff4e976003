#pragma once
// One replication of a scenario: owns the scenario as it stands (dated events change it), the clock and the
// Pathway — the households, the host territories with their markets, queues and pending events — and advances
// them step by step. The public face of a replication: the recorder, ensembles, checkpoints, the command line and
// the Python bindings use it.
//
// Determinism: every random draw comes from a stream keyed by what it decides (see purposes.hpp). Household
// events are processed in household order; territories' markets update in parallel, each from its own
// stream. Results are therefore identical for any thread count.
//
// The world: a replication starts from copies of its world's starting markets (StartingMarkets), given when an
// ensemble shares one, otherwise drawn here from the streams run.world names — so replication r is the same run
// alone as inside an ensemble.
//
// Usage:
//   Simulation sim(scenario, geography, seed, replication, executor);
//   while (!sim.done()) { sim.step(); recorder.observe(sim); }
#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/household.hpp"
#include "emile/models/agents/labour_market.hpp"
#include "emile/models/foundations/stage.hpp"
#include "emile/models/pathway/pathway.hpp"
#include "emile/models/pathway/resource_levels.hpp"
#include "emile/models/pathway/stage_ledger.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/executor.hpp"

#include <memory>
#include <span>
#include <vector>

namespace emile::models {

class Simulation {
 public:
  /// Builds replication `replication` of a run seeded `seed`: its households, and its territories from copies of
  /// `markets` — drawn for `scenario`'s world: a run's replication passes those of world_seed(scenario.run, seed,
  /// replication), a calibration's proposals those of its own seed —, or, when none is given, of starting markets
  /// drawn here from world_seed(scenario.run, seed, replication). `executor` runs per-territory work; it must outlive the simulation.
  /// Throws std::logic_error when the geography's reach does not cover the scenario's commutes (require_reach).
  Simulation(const Scenario& scenario, std::shared_ptr<const Geography> geography, std::uint64_t seed,
             std::uint32_t replication, const sim::Executor& executor,
             std::shared_ptr<const StartingMarkets> markets = nullptr);
  /// Restores a simulation saved by save() (its state only), on the geography of the world it was built in
  /// (std::logic_error when its reach does not cover the saved scenario's commutes, as above) and from that world's
  /// starting markets — `markets` when given (those of world_seed(run, seed, replication) of the saved run), else
  /// drawn here. Throws sim::ArchiveError (damaged or foreign state) or sim::ScenarioError.
  Simulation(sim::ArchiveReader& in, std::shared_ptr<const Geography> geography, const sim::Executor& executor,
             std::shared_ptr<const StartingMarkets> markets = nullptr);
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

  /// Territory rows: the origins, then the hosts (territory_rows in scenario.hpp).
  std::size_t territory_rows() const { return pathway_.ledger().rows(); }
  std::span<const Household> households() const { return pathway_.households(); }
  /// Households (and persons) in `stage` attributed to `row` at the end of the last step.
  const Counts& in_stage(std::size_t row, Stage stage) const { return pathway_.ledger().in_stage(row, stage); }
  /// Entries into `stage` attributed to `row` during the last step.
  const Counts& flow(std::size_t row, Stage stage) const { return pathway_.ledger().flow(row, stage); }
  ResourceLevels resources(std::size_t row) const;
  /// Every stage change so far, in order.
  const std::vector<Transition>& transitions() const { return pathway_.ledger().transitions(); }
  /// Every job spell so far.
  const std::vector<JobSpell>& jobs() const { return pathway_.ledger().jobs(); }
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
  /// sim::ScenarioError, naming the parameter, when the variant has other run dates or territories or changes a
  /// parameter read only when the world and households were built (Schema::fixed); throws std::logic_error when
  /// the geography's reach does not cover the variant's commutes (require_reach).
  void fork(const Scenario& variant);

 private:
  /// `geography`, once require_reach has checked that it covers `scenario`.
  static std::shared_ptr<const Geography> covering(std::shared_ptr<const Geography> geography, const Scenario& scenario);

  Scenario scenario_;  ///< as it stands: dated `set` events change it; the pathway and territories read it
  std::shared_ptr<const Geography> geography_;
  const sim::Executor& executor_;
  sim::StreamSeed seed_;
  sim::Clock clock_;
  sim::Step steps_;
  sim::Step next_step_ = 0;
  Pathway pathway_;
};

}  // namespace emile::models
