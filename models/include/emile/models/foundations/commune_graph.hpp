#pragma once
// The commune graph of a host territory (a département): communes are vertices, road links are edges
// weighted by car minutes, and the service towns ("hubs") are also joined by public-transport links.
// Travel times between every pair of communes are shortest paths, computed once when the graph is built.
//
// The graph comes either from the real communes file (`read_communes_csv`) or, for a territory without
// one, from a deterministic synthesis driven by the département's figures (`synthesise_communes`).
// Both feed the same `CommuneGraph`, so the commute rules never depend on where the communes came from.
//
// Example:
//   auto communes = emile::models::read_communes_csv(data / "communes.csv", "15");
//   const emile::models::CommuneGraph graph(std::move(communes));
//   const auto aurillac = *graph.find("15014");
//   float minutes = graph.car_minutes(aurillac, *graph.find("15187"));
//
// Units: populations in inhabitants, coordinates in WGS84 decimal degrees, areas in km², distances in km,
// speeds in km/h, travel times in minutes.
#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/executor.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emile::models {

/// One commune: a vertex of the commune graph.
struct Commune {
  std::string code;            ///< INSEE code (e.g. "15014"), or "<dép>-<rank>" for a synthetic commune
  std::string name;            ///< official name, UTF-8
  std::int64_t population = 0; ///< inhabitants (census 2021 for real communes)
  double latitude = 0;         ///< WGS84 decimal degrees
  double longitude = 0;        ///< WGS84 decimal degrees
  bool hub = false;            ///< a service town with public transport (see `HubRule`)
};

/// Which communes are hubs: service towns with public transport (a railway station or a regular bus line,
/// shops, public services).
///
/// A commune is a hub when its population is at least `min_population`, or when it is among the
/// `min_count` most populous communes of its département. 5,000 inhabitants is a small town, which in
/// the pilot départements usually has a railway station or a regular coach line (a modelling assumption,
/// to be adjusted per territory); the count rule guarantees that even the most rural département (Lozère
/// has a single commune above 5,000) keeps its préfecture and its main sous-préfectures as service towns.
/// Ties in population are broken by the order of the communes (the communes file is sorted by code).
struct HubRule {
  std::int64_t min_population = 5000;  ///< inhabitants; ≥ 0
  int min_count = 3;                   ///< the largest communes that are always hubs; ≥ 1
};

/// Sets `Commune::hub` on every commune of one département according to `rule` (clears it elsewhere).
/// Throws std::invalid_argument if the rule is invalid.
void mark_hubs(std::vector<Commune>& communes, const HubRule& rule = {});

/// Reads the communes of one département from a communes CSV file and marks its hubs with `hubs`.
///
/// Format: UTF-8, comma-separated, RFC 4180 quoting (a field may be enclosed in double quotes and then
/// hold commas, line breaks and doubled quotes ""), LF or CRLF line endings, a header line required.
/// The header must name the columns `insee_code, name, department_code, population, latitude, longitude`
/// in any order; other columns (e.g. `population_year`) are ignored. Every row of the file is checked,
/// not only those kept. Rows are returned in file order.
///
/// Throws std::runtime_error, with a message `FILE:LINE: what is wrong`, when the file cannot be read,
/// the header lacks a column, a row has a different number of fields than the header, a quote is
/// unterminated or misplaced, a population is not a non-negative integer, a coordinate is not a number or
/// lies outside [-90, 90] (latitude) / [-180, 180] (longitude), a code repeats within the département, or
/// no row belongs to `department_code`.
std::vector<Commune> read_communes_csv(const std::filesystem::path& file, std::string_view department_code,
                                       const HubRule& hubs = {});

/// The figures a synthesised commune graph is built from.
struct DepartmentGeography {
  std::string code;             ///< département code, e.g. "15"; part of the random-stream key
  int communes = 0;             ///< number of communes; ≥ 1
  std::int64_t population = 0;  ///< inhabitants; ≥ communes (every commune has at least one inhabitant)
  double area_km2 = 0;          ///< km²; > 0
  double centre_latitude = 0;   ///< WGS84 decimal degrees (e.g. IGN's centre of the département)
  double centre_longitude = 0;  ///< WGS84 decimal degrees
};

/// Parameters of `synthesise_communes`.
///
/// Defaults were tuned (on a grid, five replications each) so that the population-weighted car
/// travel-time distribution of the synthetic graph matches that of the real communes of the six 2019 pilot
/// départements (15, 25, 46, 48, 49, 76) with default `RoadParameters`; the measured Kolmogorov–Smirnov
/// distances are listed in `tests/models/foundations/test_commune_graph.cpp`. The landscape is flat around the
/// optimum: compact départements with a central préfecture (Lozère) and elongated ones with an
/// off-centre préfecture (Doubs) pull in opposite directions, and no figure given to the synthesis tells
/// them apart. "Radius" below is R = sqrt(area_km2 / π), the radius of a disc of the département's area.
struct SynthesisParameters {
  /// Exponent α of the rank-size rule: before noise, the commune of rank r has a population ∝ r^-α.
  /// Zipf's law for French communes within a département gives α ≈ 1; 0.9 fits the pilots' top shares
  /// (the largest commune holds 11–22 % of its département) and their median commune size best.
  double rank_size_exponent = 0.9;
  /// Standard deviation of the log-normal noise multiplying each rank-size weight (dimensionless; 0 gives
  /// an exact rank-size law). Weights are re-sorted after the noise, so rank 1 stays the largest.
  double population_noise = 0.25;
  /// The `main_towns` most populous communes (the préfecture, sous-préfectures and other market towns)
  /// are placed first, apart from each other (see `main_town_spacing`).
  int main_towns = 8;
  /// Distance of the largest town from the centre, in radii, in a random direction: a préfecture is seldom
  /// at the centre of its département (in the pilots it lies 0.04–1.4 radii from the centroid of the
  /// communes, typically 0.5).
  double largest_town_offset = 0.5;
  /// Minimum distance between two main towns, in radii (in the pilots the four largest towns that are not
  /// suburbs of one another are 0.4–1.8 radii apart). When no free position is far enough, the free
  /// position farthest from the main towns already placed is taken, so the last main towns spread along
  /// the edge.
  double main_town_spacing = 1.0;
  /// Probability that a commune other than a main town is a satellite: it takes the free position nearest
  /// to a main town drawn in proportion to the main towns' populations (suburbs and commuter belts), rather
  /// than a uniformly drawn free position. Drawn per commune, largest communes first, so the largest
  /// satellites sit right next to their town.
  double satellite_share = 0.3;
  /// Ratio of the major to the minor axis of the ellipse the communes fill (1 = a disc), with a random
  /// orientation; the ellipse keeps the département's area. Real outlines are far from discs: the pilots'
  /// communes lie at a root-mean-square distance of 0.69–0.80 radii from their centroid, against 0.71 for
  /// a uniform disc and 0.76 for a 1.7 ellipse.
  double elongation = 1.7;
  /// Jitter of each position around its sunflower-pattern place, as a fraction of the mean spacing
  /// sqrt(area / communes); positions are then clamped into the ellipse.
  double position_jitter = 0.35;
  /// Hubs among the synthetic communes.
  HubRule hubs;
};


/// Synthesises the communes of a département deterministically from its figures.
///
/// Method:
///  1. Populations: rank-size weights r^-α times log-normal noise, sorted in decreasing order, then scaled
///     so that every commune has at least one inhabitant and the total is exactly `population` (largest
///     remainder rounding; ties go to the larger commune).
///  2. Positions: `communes` points of a sunflower (Vogel) spiral filling the disc of area `area_km2`
///     around the centre — an even spread with no clumps and no empty corners — each jittered and clamped
///     into the disc, then stretched into an ellipse of the same area (`elongation`) in a random direction.
///     The outline is a stand-in: a département's real outline is not part of its figures.
///  3. Assignment of communes to positions, largest first: main towns spread out (see
///     `SynthesisParameters::main_towns`), satellites next to main towns, other communes at random.
///  4. Hubs by `parameters.hubs`. Codes are "<dép>-<rank>" with rank from 1 (e.g. "15-0001") and names
///     "Commune <rank>".
/// Randomness comes only from `sim::RandomStream(seed, purpose::commune_synthesis, hash of the
/// département code, step)`: the same geography, seed and parameters always give the same communes.
///
/// Throws std::invalid_argument naming the field and its rule when the geography or a parameter is
/// invalid.
std::vector<Commune> synthesise_communes(const DepartmentGeography& geography, sim::StreamSeed seed,
                                         const SynthesisParameters& parameters = {});

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

/// How a household commutes: whether it has a car and a driving licence.
enum class CommuteMode { car, no_car };

/// The longest acceptable one-way commute per mode, in minutes.
struct CommuteLimits {
  double car_minutes = 45;        ///< by car, along roads
  double walk_bike_minutes = 20;  ///< on foot or by bicycle, along roads
  double transit_minutes = 60;    ///< by public transport between two hubs, waits included
};

/// The commune graph of one territory, with all-pairs travel times. The hubs are the communes whose `hub`
/// flag is set (by `read_communes_csv`, `synthesise_communes` or `mark_hubs`).
///
/// Built once (cost: one Dijkstra per commune, run in parallel; about 0.1 s for Seine-Maritime's 708
/// communes), then immutable: every const method is safe to call from several threads at once. Memory:
/// n² floats for car times (2 MB for n = 708) plus h² floats for the h hubs.
class CommuneGraph {
 public:
  /// Builds the road and public-transport links and computes every travel time, the distances and shortest
  /// paths on `executor`'s threads (each source or row writes its own cells, so the graph does not depend on
  /// the thread count). Throws std::invalid_argument if `communes` is empty, two communes share a code, or a
  /// parameter is outside its range (the message names it).
  explicit CommuneGraph(std::vector<Commune> communes, const RoadParameters& parameters = {},
                        const sim::Executor& executor = sim::Executor::single_thread());

  /// The number of communes (vertices).
  std::size_t size() const noexcept { return communes_.size(); }

  /// The commune at `index` (0 ≤ index < size(), in the order given to the constructor).
  /// Throws std::out_of_range otherwise.
  const Commune& commune(std::size_t index) const;

  /// All communes, in the order given to the constructor.
  const std::vector<Commune>& communes() const noexcept { return communes_; }

  const RoadParameters& parameters() const noexcept { return parameters_; }

  /// The index of the commune with this code, if any.
  std::optional<std::size_t> find(std::string_view code) const;

  /// Shortest car travel time along road links, in minutes: 0 from a commune to itself, symmetric, and
  /// finite for every pair (the road graph is connected). Throws std::out_of_range on a bad index.
  float car_minutes(std::size_t from, std::size_t to) const;

  /// Walking or cycling time along the same shortest roads, in minutes (road km / walk_bike_speed_kmh).
  /// Throws std::out_of_range on a bad index.
  float walk_bike_minutes(std::size_t from, std::size_t to) const;

  /// Shortest public-transport travel time between two hubs, in minutes, changes included; 0 from a hub
  /// to itself. Public transport only runs between hubs: when either commune is not a hub, or no chain of
  /// public-transport links joins them, the result is +infinity. Throws std::out_of_range on a bad index.
  float transit_minutes(std::size_t from, std::size_t to) const;

  /// Whether a household living in `home` can commute to a job in `work`:
  ///  - any mode: always when home == work;
  ///  - without a car: when walk_bike_minutes ≤ limits.walk_bike_minutes, or when both communes are hubs
  ///    and transit_minutes ≤ limits.transit_minutes (reaching a hub's stop from a non-hub commune is
  ///    not modelled);
  ///  - with a car: when car_minutes ≤ limits.car_minutes, or when it could go there without a car.
  /// So the communes reachable with a car always include those reachable without one.
  bool reachable(std::size_t home, std::size_t work, CommuteMode mode, const CommuteLimits& limits = {}) const;

  /// The number of road links (undirected edges) and of public-transport links.
  std::size_t road_links() const noexcept { return road_links_; }
  std::size_t transit_links() const noexcept { return transit_links_; }

 private:
  void check_index(std::size_t index, const char* argument) const;

  std::vector<Commune> communes_;
  RoadParameters parameters_;
  std::vector<float> car_minutes_;                           // size() × size(), row-major
  std::vector<std::int32_t> hub_index_;                      // per commune: its row among hubs, or -1
  std::size_t hubs_ = 0;                                     // number of hubs
  std::vector<float> transit_minutes_;                       // hubs_ × hubs_, row-major
  std::vector<std::pair<std::string, std::size_t>> by_code_; // sorted by code, for find()
  std::size_t road_links_ = 0;
  std::size_t transit_links_ = 0;
};

/// A population-weighted distribution of car travel times between the communes of a graph: every pair
/// of distinct communes {i, j} counts once, with weight population_i × population_j — the number of
/// pairs of inhabitants living in the two communes. Within-commune pairs are left out (the graph gives
/// them no travel time).
struct TravelTimeDistribution {
  std::vector<float> minutes;      ///< ascending
  std::vector<double> cumulative;  ///< cumulative[k] = share of weight with minutes ≤ minutes[k]; last is 1
};

/// The population-weighted car travel-time distribution of `graph`. Empty when the graph has fewer than
/// two populated communes. Cost: n²/2 pairs sorted (about 0.05 s for n = 708).
TravelTimeDistribution car_travel_time_distribution(const CommuneGraph& graph);

/// The q-quantile (0 ≤ q ≤ 1) of a distribution: the smallest time t with share(minutes ≤ t) ≥ q.
/// Throws std::invalid_argument if the distribution is empty or q is outside [0, 1].
double quantile(const TravelTimeDistribution& distribution, double q);

/// The Kolmogorov–Smirnov distance between two distributions: the largest difference, over every time
/// t, between the shares of weight with travel time ≤ t. It lies in [0, 1].
///
/// Why this measure: the simulator only uses travel times through thresholds (is this job within 45
/// minutes by car?), and the KS distance bounds, for *every* threshold at once, how far the synthetic
/// geography's share of reachable population pairs can be from the real one's. It needs no binning and
/// no choice of quantiles. Throws std::invalid_argument if either distribution is empty.
double kolmogorov_smirnov(const TravelTimeDistribution& a, const TravelTimeDistribution& b);

}  // namespace emile::models
