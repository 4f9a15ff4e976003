#include "emile/models/agents/starting_markets.hpp"

#include <optional>

namespace emile::models {

sim::StreamSeed world_seed(const RunSettings& run, std::uint64_t seed, std::uint32_t replication) {
  return {seed, run.world == WorldDraw::shared ? shared_world_key : replication};
}

StartingMarkets::StartingMarkets(const Scenario& scenario, const Geography& geography, const sim::Clock& clock,
                                 sim::Step steps, sim::StreamSeed seed, const sim::Executor& executor) {
  const std::size_t count = scenario.territories.size();
  std::vector<std::optional<DwellingStock>> drawn_housing(count);
  std::vector<std::optional<LabourMarket>> drawn_labour(count);
  executor.for_each(count, [&](std::size_t i) {
    const auto& territory = scenario.territories[i];
    const auto key = static_cast<std::uint32_t>(i + 1);  // stream entity: 0 is the origin
    drawn_housing[i].emplace(territory, scenario.housing, geography.main_residences[i], geography.vacant_dwellings[i],
                             clock.step_years(), seed, key);
    drawn_labour[i].emplace(territory, scenario.labour, geography.populations[i], clock, seed, key, steps);
  });
  housing.reserve(count);
  labour.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    housing.push_back(std::move(*drawn_housing[i]));
    labour.push_back(std::move(*drawn_labour[i]));
  }
}

}  // namespace emile::models
