#pragma once
// How far apart a commune graph's inhabitants live: the population-weighted distribution of car travel times, its
// quantiles, and the distance between two such distributions (to compare a synthetic geography with the real one).
#include "emile/models/foundations/commune_graph.hpp"

#include <vector>

namespace emile::models {

/// A population-weighted distribution of car travel times between the communes of a graph: every pair
/// of distinct communes {i, j} counts once, with weight population_i × population_j — the number of
/// pairs of inhabitants living in the two communes. Within-commune pairs are left out (the graph gives
/// them no travel time).
struct TravelTimeDistribution {
  std::vector<float> minutes;      ///< ascending
  std::vector<double> cumulative;  ///< cumulative[k] = share of weight with minutes ≤ minutes[k]; last is 1
};

/// The population-weighted car travel-time distribution of `graph`. Empty when the graph has fewer than
/// two populated communes. Cost: n²/2 pairs sorted (about 0.05 s for n = 708). It describes every pair, so the
/// graph must hold every pair's car time: throws std::invalid_argument unless it was built with an unlimited car
/// reach (as the CommuneGraph constructor's default `unlimited_reach`; a simulation's geography stops at its commutes).
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
