#include "emile/models/calibration/target_simulator.hpp"

#include "emile/models/calibration/target_fit.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/models/recording/recorder.hpp"

#include <chrono>

namespace emile::models {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nanoseconds_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

}  // namespace

TargetSimulator::TargetSimulator(const Scenario& scenario, const Targets& targets, Varied varied, std::uint64_t seed,
                                 const sim::Executor& executor)
    : scenario_(scenario), targets_(targets), varied_(std::move(varied)), seed_(seed), executor_(executor),
      stop_date_(last_target_date(targets, scenario)) {
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  steps_ = clock.steps_until(scenario.run.end_date);
  stop_ = clock.step_of(stop_date_) + 1;
  const VariedWorld world = varied_world(scenario, varied_.keys, varied_.ranges);
  reach_ = world.reach;
  shapes_world_ = world.changes_markets;
  geography_signature_ = geography_signature(scenario);
  geography_ = std::make_shared<const Geography>(build_geography(scenario, reach_, executor));
  if (!draws_own_worlds()) {
    markets_ = std::make_shared<const StartingMarkets>(scenario, *geography_, clock, steps_,
                                                       world_seed(scenario.run, seed_, 0), executor);
  }
}

std::vector<double> TargetSimulator::simulate(std::span<const double> values, std::uint64_t stream_seed,
                                              std::uint32_t replication, const std::atomic<bool>* cancel) const {
  const auto start = Clock::now();
  const Scenario variant = with_parameters(scenario_, varied_.keys, values);
  std::shared_ptr<const Geography> geography = geography_;
  std::shared_ptr<const StartingMarkets> markets = markets_;
  if (shapes_world_) {
    if (geography_signature(variant) != geography_signature_) {
      geography = std::make_shared<const Geography>(build_geography(variant, reach_, executor_));
      ++geographies_built_;
    }
    if (variant.run.world == WorldDraw::shared) {
      // The shared world's streams: proposals differ by their parameters, not by their draws.
      const sim::Clock clock(variant.run.start_date, static_cast<int>(variant.run.step_days));
      markets = std::make_shared<const StartingMarkets>(variant, *geography, clock, steps_,
                                                        world_seed(variant.run, seed_, 0), executor_);
    }
  }
  if (draws_own_worlds()) ++worlds_drawn_;  // drawn above, or by the simulation itself
  Simulation simulation(variant, geography, stream_seed, replication, executor_, markets);
  Recorder recorder(simulation);
  const auto stepping = Clock::now();
  world_ns_ += std::chrono::duration_cast<std::chrono::nanoseconds>(stepping - start).count();
  while (simulation.next_step() < stop_) {
    if (cancel && cancel->load()) throw Cancelled();
    simulation.step();
    recorder.observe(simulation);
  }
  const auto fitting = Clock::now();
  stepping_ns_ += std::chrono::duration_cast<std::chrono::nanoseconds>(fitting - stepping).count();
  std::vector<double> simulated = simulated_values(targets_, scenario_, recorder.finish(simulation));
  targets_ns_ += nanoseconds_since(fitting);
  ++simulations_;
  return simulated;
}

TargetSimulator::Cost TargetSimulator::cost() const {
  return {simulations_.load(), worlds_drawn_.load(), geographies_built_.load(), 1e-9 * static_cast<double>(world_ns_.load()),
          1e-9 * static_cast<double>(stepping_ns_.load()), 1e-9 * static_cast<double>(targets_ns_.load())};
}

}  // namespace emile::models
