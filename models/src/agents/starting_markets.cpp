#include "emile/models/agents/starting_markets.hpp"

#include <algorithm>
#include <optional>

namespace emile::models {

sim::StreamSeed world_seed(const RunSettings& run, std::uint64_t seed, std::uint32_t replication) {
  return {seed, run.world == WorldDraw::shared ? shared_world_key : replication};
}

std::string world_signature(const Scenario& scenario) {
  const auto& node = *scenario_schema().node();
  const auto section = [&](const std::string& key) {
    return *std::find_if(node.sections.begin(), node.sections.end(), [&](const auto& s) { return s.key == key; })->node;
  };
  const auto& territory = *std::find_if(node.lists.begin(), node.lists.end(), [](const auto& l) { return l.key == "territory"; })->node;
  std::string text = geography_signature(scenario) + '|' + sim::write_toml(section("housing"), &scenario.housing) + '|' +
                     sim::write_toml(section("labour"), &scenario.labour);
  for (const auto& t : scenario.territories) text += '|' + sim::write_toml(territory, &t);
  const auto& run = scenario.run;
  text += '|' + run.start_date.iso() + ',' + run.end_date.iso() + ',' + std::to_string(run.step_days) + ',' +
          std::string(world_draw_names[static_cast<std::size_t>(run.world)]);
  return text;
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
