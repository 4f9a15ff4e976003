#pragma once
// Communes for a département without a communes file: a deterministic synthesis from its figures (number of
// communes, population, area, centre), which stands for the real geography.
//
// Units: populations in inhabitants, coordinates in WGS84 decimal degrees, areas in km², distances in km.
#include "emile/models/foundations/commune.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emile::models {

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

}  // namespace emile::models
