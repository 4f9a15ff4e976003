#pragma once
// Travel times between the pairs of vertices of a graph whose links carry minutes, as far as a reach: one Dijkstra
// search from every source (one source per task on the executor), each stopping at the first vertex beyond the reach.
#include "road_network.hpp"

#include "emile/sim/executor.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace emile::models {

/// The travel time between two vertices that no chain of links joins, or that lie beyond the reach a matrix of
/// travel times was computed for.
inline constexpr float infinite_minutes = std::numeric_limits<float>::infinity();

/// The n × n row-major matrix of shortest travel times, in minutes, over `links` (undirected) weighted by `minutes`
/// (each ≥ 0), as far as `reach_minutes` (≥ 0; +infinity for every pair): 0 on the diagonal and symmetric. A pair
/// whose shortest time is at most `reach_minutes` holds it, exactly as with an infinite reach; every other pair
/// holds infinite_minutes. (The search from each end of a pair sums the same links in its own order, so the two may
/// differ in the last bit: the pair holds the shorter, and is within the reach when either is.)
///
/// Cost: each search settles only the vertices within the reach and relaxes only their links, so a short reach
/// costs a neighbourhood per source rather than the whole graph. Each source writes its own row, so the result
/// does not depend on the thread count.
std::vector<float> all_pairs_minutes(std::size_t n, const std::vector<Link>& links, const std::vector<double>& minutes,
                                     double reach_minutes, const sim::Executor& executor);

}  // namespace emile::models
