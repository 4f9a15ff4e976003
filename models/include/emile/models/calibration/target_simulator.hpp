#pragma once
// Simulations held to targets: the scenario with some of its parameters set to given values, run up to the last
// target date, and what its record shows of each target. A calibration's proposals and a predictive check's
// replications are such simulations.
//
// The world: simulations share one geography, built for the longest commutes any of the parameters' values can
// ask for; when the scenario's world is shared (run.world) and the parameters leave it as it is (world_signature),
// they also share one set of starting markets, drawn once from the streams of the seed — a proposal then costs
// only its own households and steps. Parameters that shape the world (a territory's figures, [housing], [labour],
// [geography]) are allowed: each simulation draws its own markets (and graphs, when it changes the geography) and
// pays for them, and cost() counts them.
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/starting_markets.hpp"
#include "emile/models/agents/varied_world.hpp"
#include "emile/models/calibration/targets.hpp"
#include "emile/sim/executor.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace emile::models {

class TargetSimulator {
 public:
  /// The parameters varied, by dotted key, each over [low, high] (`ranges`, one per key): the geography covers the
  /// commutes of every value there (varied_world).
  struct Varied {
    std::vector<std::string> keys;
    std::vector<std::pair<double, double>> ranges;
  };

  /// For `scenario` (validated) held to `targets` (checked against it), varying `varied`, with the shared world
  /// drawn from the streams of `seed`. Builds the geography and the shared markets now, on `executor`, which must
  /// outlive the simulator. Throws sim::ScenarioError when a data file cannot be read.
  TargetSimulator(const Scenario& scenario, const Targets& targets, Varied varied, std::uint64_t seed,
                  const sim::Executor& executor);

  /// The values of the targets (simulated_values) in a simulation with `values` of the varied keys (one each),
  /// its households — and its markets when it draws its own — from the streams of (`stream_seed`, `replication`).
  /// Thread-safe. Throws Cancelled when `cancel` becomes true, sim::ScenarioError when a value is refused.
  std::vector<double> simulate(std::span<const double> values, std::uint64_t stream_seed, std::uint32_t replication,
                               const std::atomic<bool>* cancel = nullptr) const;

  /// What the simulations so far cost: thread time, summed over threads.
  struct Cost {
    std::uint64_t simulations = 0;
    std::uint64_t worlds_drawn = 0;      ///< starting markets drawn for one simulation, beyond the shared ones
    std::uint64_t geographies_built = 0;  ///< commune graphs built for one simulation, beyond the shared ones
    double world_seconds = 0;     ///< building worlds and each simulation's own copy of the markets, its households
    double stepping_seconds = 0;  ///< the steps
    double targets_seconds = 0;   ///< the record's end and the targets' values
  };
  Cost cost() const;

  const Scenario& scenario() const { return scenario_; }
  const Targets& targets() const { return targets_; }
  /// The last day simulated: last_target_date.
  sim::Date stopped_after() const { return stop_date_; }
  /// Whether the varied parameters shape the world, so that every simulation draws its own.
  bool draws_own_worlds() const { return shapes_world_ || scenario_.run.world == WorldDraw::per_replication; }

 private:
  Scenario scenario_;
  Targets targets_;
  Varied varied_;
  std::uint64_t seed_;
  const sim::Executor& executor_;
  sim::Date stop_date_;
  sim::Step steps_ = 0;  ///< of the whole run
  sim::Step stop_ = 0;   ///< steps simulated
  CommuteLimits reach_;
  bool shapes_world_ = false;
  std::string geography_signature_;
  std::shared_ptr<const Geography> geography_;
  std::shared_ptr<const StartingMarkets> markets_;  ///< shared; null when simulations draw their own

  mutable std::atomic<std::uint64_t> simulations_{0}, worlds_drawn_{0}, geographies_built_{0};
  mutable std::atomic<std::int64_t> world_ns_{0}, stepping_ns_{0}, targets_ns_{0};
};

}  // namespace emile::models
