#pragma once
// The commune graph of a host territory (a département): communes are vertices, road links are edges
// weighted by car minutes, and the service towns ("hubs") are also joined by public-transport links.
// Travel times between pairs of communes are shortest paths, computed once when the graph is built, as far as
// the graph's reach: the longest commutes it will be asked about (commute_limits.hpp). Pairs beyond the reach
// are never searched.
//
// The graph comes either from the real communes file (`read_communes_csv`, communes_csv.hpp) or, for a
// territory without one, from a deterministic synthesis driven by the département's figures
// (`synthesise_communes`, commune_synthesis.hpp). Both feed the same `CommuneGraph`, so the commute rules never
// depend on where the communes came from.
//
// Example:
//   auto communes = emile::models::read_communes_csv(data / "communes.csv", "15");
//   const emile::models::CommuneGraph graph(std::move(communes));
//   const auto aurillac = *graph.find("15014");
//   float minutes = graph.car_minutes(aurillac, *graph.find("15187"));
//
// Units: populations in inhabitants, coordinates in WGS84 decimal degrees, areas in km², distances in km,
// speeds in km/h, travel times in minutes.
#include "emile/models/foundations/commune.hpp"
#include "emile/models/foundations/commute_limits.hpp"
#include "emile/sim/executor.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emile::models {

/// How the commune graph's links and travel times are built.
struct RoadParameters {
  /// Each commune gets a road link to its k nearest communes (great-circle distance); links are
  /// symmetrised, and the edges of a minimum spanning tree are added so that every commune is reachable.
  int nearest_neighbours = 6;
  /// Road km per great-circle km (dimensionless, ≥ 1). 1.3 is the usual ratio for French rural roads.
  double road_detour_factor = 1.3;
  /// Mean door-to-door car speed on secondary roads, km/h.
  double car_speed_kmh = 60;
  /// Mean commercial speed of public transport (coach or regional train, stops included), km/h. Public
  /// transport follows the roads, so its distance is also the great-circle distance × road_detour_factor.
  double public_transport_speed_kmh = 40;
  /// Minutes added to every public-transport link: walking to the stop, waiting, boarding. A change of
  /// line pays it again.
  double transit_wait_minutes = 10;
  /// Each hub gets a public-transport link to its k nearest hubs (symmetrised).
  int transit_links_per_hub = 3;
  /// Mean speed of walking and cycling along the roads, km/h (cycling ≈ 15, walking ≈ 5).
  double walk_bike_speed_kmh = 12;
};

/// The commune graph of one territory, with the travel times between its communes as far as its reach. The hubs
/// are the communes whose `hub` flag is set (by `read_communes_csv`, `synthesise_communes` or `mark_hubs`).
///
/// The reach. A travel time within the reach is exactly the shortest time, whatever the reach; one beyond it reads
/// +infinity. The car and walk/bike times come from one search along the roads, which goes as far as the longer of
/// the car reach and the walk/bike reach (at car speed), so car times are exact up to that; public-transport times
/// up to the transit reach. (Each search goes a millionth further, so that rounding to float never hides a time
/// within the reach; a time in that margin is exact too.) With `unlimited_reach`, every pair's time is computed.
///
/// Built once (cost: one Dijkstra per commune, run in parallel, each over the communes within the reach; about
/// 0.1 s for Seine-Maritime's 708 communes with an unlimited reach), then immutable: every const method is safe to
/// call from several threads at once. Memory: n² floats for car times (2 MB for n = 708) plus h² floats for the
/// h hubs, whatever the reach.
class CommuneGraph {
 public:
  /// Builds the road and public-transport links and computes the travel times within `reach`, the distances and
  /// shortest paths on `executor`'s threads (each source or row writes its own cells, so the graph does not depend
  /// on the thread count). Throws std::invalid_argument if `communes` is empty, two communes share a code, or a
  /// parameter or a limit of `reach` (≥ 0, +infinity for no limit) is outside its range (the message names it).
  explicit CommuneGraph(std::vector<Commune> communes, const RoadParameters& parameters = {},
                        const CommuteLimits& reach = unlimited_reach,
                        const sim::Executor& executor = sim::Executor::single_thread());

  /// The number of communes (vertices).
  std::size_t size() const noexcept { return communes_.size(); }

  /// The commune at `index` (0 ≤ index < size(), in the order given to the constructor).
  /// Throws std::out_of_range otherwise.
  const Commune& commune(std::size_t index) const;

  /// All communes, in the order given to the constructor.
  const std::vector<Commune>& communes() const noexcept { return communes_; }

  const RoadParameters& parameters() const noexcept { return parameters_; }

  /// The longest commutes the travel times were computed for (see the class comment).
  const CommuteLimits& reach() const noexcept { return reach_; }

  /// The index of the commune with this code, if any.
  std::optional<std::size_t> find(std::string_view code) const;

  /// Shortest car travel time along road links, in minutes: 0 from a commune to itself and symmetric. Exact, and
  /// finite (the road graph is connected), for every pair within the roads' reach — the longer of the car reach and
  /// the walk/bike reach at car speed —, +infinity beyond it. Throws std::out_of_range on a bad index.
  float car_minutes(std::size_t from, std::size_t to) const;

  /// Walking or cycling time along the same shortest roads, in minutes (road km / walk_bike_speed_kmh): exact
  /// within the walk/bike reach, +infinity where car_minutes is. Throws std::out_of_range on a bad index.
  float walk_bike_minutes(std::size_t from, std::size_t to) const;

  /// Shortest public-transport travel time between two hubs, in minutes, changes included; 0 from a hub
  /// to itself. Public transport only runs between hubs: when either commune is not a hub, or no chain of
  /// public-transport links joins them, or the time is beyond the transit reach, the result is +infinity.
  /// Throws std::out_of_range on a bad index.
  float transit_minutes(std::size_t from, std::size_t to) const;

  /// Whether a household living in `home` can commute to a job in `work`:
  ///  - any mode: always when home == work;
  ///  - without a car: when walk_bike_minutes ≤ limits.walk_bike_minutes, or when both communes are hubs
  ///    and transit_minutes ≤ limits.transit_minutes (reaching a hub's stop from a non-hub commune is
  ///    not modelled);
  ///  - with a car: when car_minutes ≤ limits.car_minutes, or when it could go there without a car.
  /// So the communes reachable with a car always include those reachable without one. Throws std::out_of_range on
  /// a bad index, and std::logic_error when a limit exceeds the graph's reach (the answer could miss communes
  /// beyond it): build the graph for the longest limits it will be asked about.
  bool reachable(std::size_t home, std::size_t work, CommuteMode mode, const CommuteLimits& limits = {}) const;

  /// The number of road links (undirected edges) and of public-transport links.
  std::size_t road_links() const noexcept { return road_links_; }
  std::size_t transit_links() const noexcept { return transit_links_; }

 private:
  void check_index(std::size_t index, const char* argument) const;

  std::vector<Commune> communes_;
  RoadParameters parameters_;
  CommuteLimits reach_;
  std::vector<float> car_minutes_;                           // size() × size(), row-major; +infinity beyond reach
  std::vector<std::int32_t> hub_index_;                      // per commune: its row among hubs, or -1
  std::size_t hubs_ = 0;                                     // number of hubs
  std::vector<float> transit_minutes_;                       // hubs_ × hubs_, row-major; +infinity beyond reach
  std::vector<std::pair<std::string, std::size_t>> by_code_; // sorted by code, for find()
  std::size_t road_links_ = 0;
  std::size_t transit_links_ = 0;
};

}  // namespace emile::models
