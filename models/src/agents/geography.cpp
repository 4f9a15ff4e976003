#include "emile/models/agents/geography.hpp"

#include "emile/models/foundations/commune_housing_csv.hpp"
#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/models/foundations/communes_csv.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace emile::models {

namespace {

// Reads a data file with `read`, turning its problems into a ScenarioError on `key`.
template <class Read>
auto read_data_file(const std::filesystem::path& file, const std::string& key, Read read) {
  try {
    return read();
  } catch (const std::runtime_error& e) {
    throw sim::ScenarioError({file.string(), 0, 0}, key, "", e.what());
  }
}

}  // namespace

Geography build_geography(const Scenario& scenario, const CommuteLimits& reach, const sim::Executor& executor) {
  const auto& settings = scenario.geography;
  const std::filesystem::path communes_file = communes_file_path(scenario);
  const std::filesystem::path housing_file = commune_housing_file_path(scenario);
  const HubRule hubs{settings.hub_min_population, static_cast<int>(settings.hub_min_count)};
  const std::string communes_key = "geography.communes_file";
  const std::string housing_key = "geography.commune_housing_file";
  CommunesByDepartment real_communes;
  if (!communes_file.empty()) {
    real_communes = read_data_file(communes_file, communes_key,
                                   [&] { return read_communes_by_department(communes_file, hubs); });
  }
  CommuneHousingTable housing_table;
  if (!housing_file.empty()) {
    housing_table = read_data_file(housing_file, housing_key, [&] { return read_commune_housing_csv(housing_file); });
  }
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
  geography.reach = reach;
  geography.graphs.resize(count);
  geography.populations.resize(count);
  geography.main_residences.resize(count);
  geography.vacant_dwellings.resize(count);
  executor.for_each(count, [&](std::size_t i) {
    const auto& t = scenario.territories[i];
    std::vector<Commune> communes;
    if (!communes_file.empty()) {
      communes = read_data_file(communes_file, communes_key,
                                [&] { return communes_of(real_communes, t.code, communes_file); });
    } else {
      DepartmentGeography figures{t.code, static_cast<int>(t.communes), t.population, t.area_km2, t.centre_latitude,
                                  t.centre_longitude};
      communes = synthesise_communes(figures, synthesis_seed, synthesis);
    }
    auto graph = std::make_shared<const CommuneGraph>(std::move(communes), roads, reach, executor);
    std::vector<double> population;
    for (const auto& c : graph->communes()) {
      population.push_back(static_cast<double>(std::max<std::int64_t>(c.population, 1)));
    }
    if (housing_file.empty()) {
      geography.main_residences[i] = population;
      geography.vacant_dwellings[i] = population;
    } else {
      const auto housing = read_data_file(housing_file, housing_key,
                                          [&] { return housing_of(housing_table, graph->communes(), housing_file); });
      for (const CommuneHousing& h : housing) {
        geography.main_residences[i].push_back(h.main_residences);
        geography.vacant_dwellings[i].push_back(h.vacant_dwellings);
      }
      const auto none = [](const std::vector<double>& counts) {
        return std::all_of(counts.begin(), counts.end(), [](double c) { return c == 0; });
      };
      if (none(geography.main_residences[i]) || none(geography.vacant_dwellings[i])) {
        throw sim::ScenarioError({housing_file.string(), 0, 0}, housing_key, "",
                                 housing_file.string() + ": the communes of département \"" + t.code +
                                     "\" have no " +
                                     (none(geography.main_residences[i]) ? "main residences" : "vacant dwellings"));
      }
    }
    geography.populations[i] = std::move(population);
    geography.graphs[i] = std::move(graph);
  });
  return geography;
}

std::string geography_signature(const Scenario& scenario) {
  // Every parameter of [geography], written by its declaration (so none is left out), and the territories' figures.
  const auto& sections = scenario_schema().node()->sections;
  const auto geography = std::find_if(sections.begin(), sections.end(), [](const auto& s) { return s.key == "geography"; });
  std::ostringstream out;
  out.precision(17);
  out << sim::write_toml(*geography->node, &scenario.geography);
  for (const auto& t : scenario.territories) {
    out << '|' << t.code << ',' << t.communes << ',' << t.population << ',' << t.area_km2 << ',' << t.centre_latitude
        << ',' << t.centre_longitude;
  }
  return out.str();
}

Geography build_geography(const Scenario& scenario, const sim::Executor& executor) {
  return build_geography(scenario, commute_reach(scenario), executor);
}

void require_reach(const Geography& geography, const Scenario& scenario) {
  const CommuteLimits needed = commute_reach(scenario);
  if (!within(needed, geography.reach)) {
    throw std::logic_error("scenario \"" + scenario.run.name + "\" commutes up to " + describe(needed) +
                           " (its limits and their `set` events), beyond the reach its geography was built for (" +
                           describe(geography.reach) + "): build the geography for every scenario run on it");
  }
}

}  // namespace emile::models
