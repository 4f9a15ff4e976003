#include "emile/models/foundations/commune_graph.hpp"

#include "argument_checks.hpp"
#include "earth.hpp"
#include "road_network.hpp"
#include "shortest_paths.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace emile::models {
namespace {

void check_parameters(const RoadParameters& p) {
  require(p.nearest_neighbours >= 1, "road.nearest_neighbours", std::to_string(p.nearest_neighbours), "must be ≥ 1");
  require(p.road_detour_factor >= 1 && std::isfinite(p.road_detour_factor), "road.road_detour_factor",
          to_text(p.road_detour_factor), "must be a finite number ≥ 1");
  require(p.car_speed_kmh > 0 && std::isfinite(p.car_speed_kmh), "road.car_speed_kmh", to_text(p.car_speed_kmh),
          "must be a finite number > 0");
  require(p.public_transport_speed_kmh > 0 && std::isfinite(p.public_transport_speed_kmh),
          "road.public_transport_speed_kmh", to_text(p.public_transport_speed_kmh), "must be a finite number > 0");
  require(p.transit_wait_minutes >= 0 && std::isfinite(p.transit_wait_minutes), "road.transit_wait_minutes",
          to_text(p.transit_wait_minutes), "must be a finite number ≥ 0");
  require(p.transit_links_per_hub >= 0, "road.transit_links_per_hub", std::to_string(p.transit_links_per_hub),
          "must be ≥ 0");
  require(p.walk_bike_speed_kmh > 0 && std::isfinite(p.walk_bike_speed_kmh), "road.walk_bike_speed_kmh",
          to_text(p.walk_bike_speed_kmh), "must be a finite number > 0");
}

void check_reach(const CommuteLimits& reach) {
  for (const auto& [limit, name] : {std::pair{reach.car_minutes, "reach.car_minutes"},
                                    std::pair{reach.walk_bike_minutes, "reach.walk_bike_minutes"},
                                    std::pair{reach.transit_minutes, "reach.transit_minutes"}}) {
    require(limit >= 0, name, to_text(limit), "must be a number ≥ 0 (+infinity for no limit)");
  }
}

// How much further than its reach each search goes, relative to it. Times are stored as floats (relative rounding
// 6e-8), and walk/bike times are derived from car times in double and rounded again: a time within the reach may
// read a hair above the double it came from. A millionth more keeps every such time.
constexpr double rounding_margin = 1e-6;

}  // namespace

CommuneGraph::CommuneGraph(std::vector<Commune> communes, const RoadParameters& parameters, const CommuteLimits& reach,
                           const sim::Executor& executor)
    : communes_(std::move(communes)), parameters_(parameters), reach_(reach) {
  check_parameters(parameters_);
  check_reach(reach_);
  if (communes_.empty()) throw std::invalid_argument("CommuneGraph: no commune given");
  const std::size_t n = communes_.size();

  for (std::size_t i = 0; i < n; ++i) {
    const Commune& c = communes_[i];
    const std::string field = "commune " + in_quotes(c.code) + " (index " + std::to_string(i) + ")";
    require(c.population >= 0, field + " population", std::to_string(c.population), "must be ≥ 0");
    require(std::abs(c.latitude) <= 90, field + " latitude", to_text(c.latitude), "must be within [-90, 90]");
    require(std::abs(c.longitude) <= 180, field + " longitude", to_text(c.longitude), "must be within [-180, 180]");
  }
  by_code_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) by_code_.emplace_back(communes_[i].code, i);
  std::sort(by_code_.begin(), by_code_.end());
  for (std::size_t k = 1; k < n; ++k) {
    if (by_code_[k].first == by_code_[k - 1].first) {
      throw std::invalid_argument("CommuneGraph: commune code " + in_quotes(by_code_[k].first) +
                                  " appears twice (indices " + std::to_string(by_code_[k - 1].second) + " and " +
                                  std::to_string(by_code_[k].second) + ")");
    }
  }

  // Great-circle distances; the task of row i alone writes both cells of every pair (i, j > i).
  std::vector<double> km(n * n, 0.0);
  executor.for_ranges(n, 1, [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i != last; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        km[i * n + j] = km[j * n + i] = haversine_km(communes_[i].latitude, communes_[i].longitude, communes_[j].latitude, communes_[j].longitude);
      }
    }
  });

  // Roads: k nearest neighbours plus a spanning tree, so that every commune is reachable.
  auto roads = nearest_neighbour_links(km, n, static_cast<std::size_t>(parameters_.nearest_neighbours));
  const auto tree = spanning_tree_links(km, n);
  roads.insert(roads.end(), tree.begin(), tree.end());
  std::sort(roads.begin(), roads.end());
  roads.erase(std::unique(roads.begin(), roads.end()), roads.end());
  road_links_ = roads.size();
  const double car_minutes_per_km = parameters_.road_detour_factor / parameters_.car_speed_kmh * 60.0;
  std::vector<double> road_minutes(roads.size());
  for (std::size_t e = 0; e < roads.size(); ++e) {
    road_minutes[e] = km[roads[e].first * n + roads[e].second] * car_minutes_per_km;
  }
  // One search along the roads serves both car and walk/bike times (walk_bike_minutes scales car minutes).
  const double walk_bike_reach_car_minutes =
      reach_.walk_bike_minutes * parameters_.walk_bike_speed_kmh / parameters_.car_speed_kmh;
  const double road_reach = std::max(reach_.car_minutes, walk_bike_reach_car_minutes) * (1 + rounding_margin);
  car_minutes_ = all_pairs_minutes(n, roads, road_minutes, road_reach, executor);

  // Public transport: each hub to its nearest hubs.
  std::vector<std::size_t> hubs;
  hub_index_.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (communes_[i].hub) {
      hub_index_[i] = static_cast<std::int32_t>(hubs.size());
      hubs.push_back(i);
    }
  }
  const std::size_t h = hubs.size();
  hubs_ = h;
  std::vector<double> hub_km(h * h);
  for (std::size_t a = 0; a < h; ++a) {
    for (std::size_t b = 0; b < h; ++b) hub_km[a * h + b] = km[hubs[a] * n + hubs[b]];
  }
  const auto lines = nearest_neighbour_links(hub_km, h, static_cast<std::size_t>(parameters_.transit_links_per_hub));
  transit_links_ = lines.size();
  const double transit_minutes_per_km = parameters_.road_detour_factor / parameters_.public_transport_speed_kmh * 60.0;
  std::vector<double> line_minutes(lines.size());
  for (std::size_t e = 0; e < lines.size(); ++e) {
    line_minutes[e] = hub_km[lines[e].first * h + lines[e].second] * transit_minutes_per_km +
                      parameters_.transit_wait_minutes;
  }
  transit_minutes_ = all_pairs_minutes(h, lines, line_minutes, reach_.transit_minutes * (1 + rounding_margin), executor);
}

void CommuneGraph::check_index(std::size_t index, const char* argument) const {
  if (index >= communes_.size()) {
    throw std::out_of_range(std::string("CommuneGraph: ") + argument + " = " + std::to_string(index) +
                            ": not a commune index (the graph has " + std::to_string(communes_.size()) +
                            " communes)");
  }
}

const Commune& CommuneGraph::commune(std::size_t index) const {
  check_index(index, "index");
  return communes_[index];
}

std::optional<std::size_t> CommuneGraph::find(std::string_view code) const {
  const auto it = std::lower_bound(by_code_.begin(), by_code_.end(), code,
                                   [](const auto& entry, std::string_view c) { return entry.first < c; });
  if (it == by_code_.end() || it->first != code) return std::nullopt;
  return it->second;
}

float CommuneGraph::car_minutes(std::size_t from, std::size_t to) const {
  check_index(from, "from");
  check_index(to, "to");
  return car_minutes_[from * communes_.size() + to];
}

float CommuneGraph::walk_bike_minutes(std::size_t from, std::size_t to) const {
  // All road links share one car speed, so the fastest car route is also the shortest road route.
  return static_cast<float>(static_cast<double>(car_minutes(from, to)) * parameters_.car_speed_kmh /
                            parameters_.walk_bike_speed_kmh);
}

float CommuneGraph::transit_minutes(std::size_t from, std::size_t to) const {
  check_index(from, "from");
  check_index(to, "to");
  const std::int32_t a = hub_index_[from];
  const std::int32_t b = hub_index_[to];
  if (a < 0 || b < 0) return infinite_minutes;
  return transit_minutes_[static_cast<std::size_t>(a) * hubs_ + static_cast<std::size_t>(b)];
}

bool CommuneGraph::reachable(std::size_t home, std::size_t work, CommuteMode mode, const CommuteLimits& limits) const {
  check_index(home, "home");
  check_index(work, "work");
  if (!within(limits, reach_)) {
    throw std::logic_error("CommuneGraph::reachable: limits (" + describe(limits) + ") beyond the graph's reach (" +
                           describe(reach_) + "), where its travel times stop: build it for the longest limits it "
                           "will be asked about");
  }
  if (home == work) return true;
  if (mode == CommuteMode::car && static_cast<double>(car_minutes(home, work)) <= limits.car_minutes) return true;
  if (static_cast<double>(walk_bike_minutes(home, work)) <= limits.walk_bike_minutes) return true;
  return static_cast<double>(transit_minutes(home, work)) <= limits.transit_minutes;
}

}  // namespace emile::models
