#pragma once
// For the pathway's tests: the pilot's first host territories, built as a simulation builds them, on a scenario
// the test may change (the territories read it as it stands).
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/starting_markets.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <filesystem>
#include <memory>

namespace emile::models::testing {

struct PilotTerritories {
  /// The pilot scenario with `overrides`, cut to its first `count` territories, and those territories drawn with
  /// `seed`.
  explicit PilotTerritories(std::size_t count, std::uint64_t seed = 1, const std::vector<sim::Override>& overrides = {})
      : scenario(load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides)),
        clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days)) {
    scenario.territories.resize(count);
    geography = std::make_unique<Geography>(build_geography(scenario, sim::Executor::single_thread()));
    StartingMarkets markets(scenario, *geography, clock, steps(), sim::StreamSeed{seed, 0}, sim::Executor::single_thread());
    for (std::size_t i = 0; i < count; ++i) {
      territories.push_back(std::make_unique<HostTerritory>(scenario, i, std::move(markets.housing[i]),
                                                            std::move(markets.labour[i]), geography->graphs[i]));
    }
  }
  PilotTerritories(const PilotTerritories&) = delete;  // the territories refer to this scenario
  PilotTerritories& operator=(const PilotTerritories&) = delete;

  sim::Step steps() const { return clock.steps_until(scenario.run.end_date); }
  /// Runs `count` steps of every territory's markets from step 0.
  void step_markets(sim::Step count) {
    for (sim::Step s = 0; s < count; ++s) {
      for (auto& t : territories) t->step_markets(clock, 1.0, s, {1, 0});
    }
  }

  Scenario scenario;
  sim::Clock clock;
  std::unique_ptr<Geography> geography;
  HostTerritories territories;
};

}  // namespace emile::models::testing
