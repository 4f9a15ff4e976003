#include "emile/models/agents/geography.hpp"

#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/models/foundations/communes_csv.hpp"

#include <stdexcept>

namespace emile::models {

Geography build_geography(const Scenario& scenario, const sim::Executor& executor) {
  const auto& settings = scenario.geography;
  const std::filesystem::path communes_file = communes_file_path(scenario);
  const HubRule hubs{settings.hub_min_population, static_cast<int>(settings.hub_min_count)};
  RoadParameters roads;
  roads.nearest_neighbours = static_cast<int>(settings.nearest_neighbours);
  roads.road_detour_factor = settings.road_detour_factor;
  roads.car_speed_kmh = settings.car_speed_kmh;
  roads.public_transport_speed_kmh = settings.public_transport_speed_kmh;
  roads.transit_wait_minutes = settings.transit_wait_minutes;
  roads.transit_links_per_hub = static_cast<int>(settings.transit_links_per_hub);
  roads.walk_bike_speed_kmh = settings.walk_bike_speed_kmh;
  const auto& shape = settings.synthesis;
  SynthesisParameters synthesis;
  synthesis.rank_size_exponent = shape.rank_size_exponent;
  synthesis.population_noise = shape.population_noise;
  synthesis.main_towns = static_cast<int>(shape.main_towns);
  synthesis.largest_town_offset = shape.largest_town_offset;
  synthesis.main_town_spacing = shape.main_town_spacing;
  synthesis.satellite_share = shape.satellite_share;
  synthesis.elongation = shape.elongation;
  synthesis.position_jitter = shape.position_jitter;
  synthesis.hubs = hubs;
  const sim::StreamSeed synthesis_seed{static_cast<std::uint64_t>(shape.seed), 0};

  const std::size_t count = scenario.territories.size();
  Geography geography;
  geography.synthetic = communes_file.empty();
  geography.graphs.resize(count);
  geography.populations.resize(count);
  executor.for_each(count, [&](std::size_t i) {
    const auto& t = scenario.territories[i];
    std::vector<Commune> communes;
    if (!communes_file.empty()) {
      try {
        communes = read_communes_csv(communes_file, t.code, hubs);
      } catch (const std::runtime_error& e) {
        throw sim::ScenarioError({communes_file.string(), 0, 0}, "geography.communes_file", "", e.what());
      }
    } else {
      DepartmentGeography figures{t.code, static_cast<int>(t.communes), t.population, t.area_km2, t.centre_latitude,
                                  t.centre_longitude};
      communes = synthesise_communes(figures, synthesis_seed, synthesis);
    }
    auto graph = std::make_shared<const CommuneGraph>(std::move(communes), roads, executor);
    std::vector<double> population;
    for (const auto& c : graph->communes()) population.push_back(static_cast<double>(std::max<std::int64_t>(c.population, 1)));
    geography.populations[i] = std::move(population);
    geography.graphs[i] = std::move(graph);
  });
  return geography;
}

}  // namespace emile::models
