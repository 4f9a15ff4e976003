#include "emile/models/pathway/simulation.hpp"

#include "emile/models/pathway/timeline.hpp"

#include <stdexcept>
#include <string>

namespace emile::models {
namespace {

// A copy of `markets` when given, else the replication's own, drawn now.
StartingMarkets markets_for(const StartingMarkets* markets, const Scenario& scenario, const Geography& geography,
                            const sim::Clock& clock, sim::Step steps, sim::StreamSeed seed, const sim::Executor& executor) {
  if (markets) return *markets;
  return StartingMarkets(scenario, geography, clock, steps, world_seed(scenario.run, seed.seed, seed.replication), executor);
}

}  // namespace

std::shared_ptr<const Geography> Simulation::covering(std::shared_ptr<const Geography> geography, const Scenario& scenario) {
  require_reach(*geography, scenario);
  return geography;
}

Simulation::Simulation(const Scenario& scenario, std::shared_ptr<const Geography> geography, std::uint64_t seed,
                       std::uint32_t replication, const sim::Executor& executor,
                       std::shared_ptr<const StartingMarkets> markets)
    : scenario_(scenario),
      geography_(covering(std::move(geography), scenario)),
      executor_(executor),
      seed_{seed, replication},
      clock_(scenario.run.start_date, static_cast<int>(scenario.run.step_days)),
      steps_(clock_.steps_until(scenario.run.end_date)),
      pathway_(scenario_, *geography_, markets_for(markets.get(), scenario_, *geography_, clock_, steps_, seed_, executor_),
               clock_, seed_, steps_) {}

Simulation::~Simulation() = default;

void Simulation::step() {
  if (done()) throw std::logic_error("the simulation has already run its " + std::to_string(steps_) + " steps");
  const sim::Step step = next_step_;
  apply_set_events(scenario_, clock_, step);

  // Markets evolve independently per territory, each from its own streams.
  const Lockdown lockdown = lockdown_at(scenario_, clock_, step);
  auto& territories = pathway_.territories();
  executor_.for_each(territories.size(), [&](std::size_t i) {
    territories[i]->step_markets(clock_, lockdown.hiring_factor, step, seed_);
  });

  pathway_.advance(step, lockdown);
  ++next_step_;
}

void Simulation::fork(const Scenario& variant) {
  const auto refuse = [&](const std::string& key, const std::string& value, const std::string& problem) {
    throw sim::ScenarioError({variant.source.string(), 0, 0}, key, value, problem);
  };
  const auto& run = variant.run;
  if (run.start_date != scenario_.run.start_date || run.step_days != scenario_.run.step_days || run.end_date != scenario_.run.end_date) {
    refuse("run", run.start_date.iso() + " to " + run.end_date.iso(),
           "a branch must keep the run dates and step of the saved run (" + scenario_.run.start_date.iso() + " to " +
               scenario_.run.end_date.iso() + ", every " + std::to_string(scenario_.run.step_days) + " days)");
  }
  if (run.world != scenario_.run.world) {
    refuse("run.world", std::string(world_draw_names[static_cast<std::size_t>(run.world)]),
           "a branch must keep the saved run's world (" +
               std::string(world_draw_names[static_cast<std::size_t>(scenario_.run.world)]) + ")");
  }
  // The rows of the records: the same origins and territories, in the same order.
  const auto keep_codes = [&](const std::string& list, const auto& saved, const auto& branch, const std::string& what) {
    if (branch.size() != saved.size()) {
      refuse(list, std::to_string(branch.size()) + " " + what,
             "a branch must keep the saved run's " + std::to_string(saved.size()) + " " + what);
    }
    for (std::size_t i = 0; i < branch.size(); ++i) {
      if (branch[i].code != saved[i].code) {
        refuse(list + "[" + std::to_string(i) + "].code", branch[i].code,
               "a branch must keep the saved run's " + what + " in order (here " + saved[i].code + ")");
      }
    }
  };
  keep_codes("origin", scenario_.origins, variant.origins, "origins");
  keep_codes("territory", scenario_.territories, variant.territories, "territories");
  // The world and the households were built from the saved run's values of the parameters read only then: a
  // branch that changed one would silently keep the saved value.
  if (const auto difference =
          sim::first_fixed_difference(*scenario_schema().node(), &scenario_, &variant, {"run", "event", "lever"})) {
    refuse(difference->key, difference->changed,
           "a branch cannot change it: the saved run's world and households were built with " + difference->base +
               " (set it in the scenario the checkpoint was saved from)");
  }
  require_reach(*geography_, variant);
  // The pathway and the territories read the settings from scenario_, so replacing it switches them all.
  scenario_ = variant;
  for (sim::Step s = 0; s < next_step_; ++s) apply_set_events(scenario_, clock_, s);
}

// ---- Observation ------------------------------------------------------------------------------------------

ResourceLevels Simulation::resources(std::size_t row) const {
  if (is_origin_row(scenario_, row)) return origin_resources(pathway_.origins()[row], pathway_.households());
  return host_resources(*pathway_.territories()[row - scenario_.origins.size()], pathway_.households());
}

const DwellingStock& Simulation::housing(std::size_t territory) const { return pathway_.territories().at(territory)->housing; }
const LabourMarket& Simulation::labour(std::size_t territory) const { return pathway_.territories().at(territory)->labour; }

std::size_t Simulation::bytes() const { return pathway_.bytes(); }

}  // namespace emile::models
