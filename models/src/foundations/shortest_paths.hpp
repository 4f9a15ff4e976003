#pragma once
// Travel times between every pair of vertices of a graph whose links carry minutes (Boost.Graph's Dijkstra,
// one source per task on the executor).
#include "road_network.hpp"

#include "emile/sim/executor.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace emile::models {

/// The travel time between two vertices that no chain of links joins.
inline constexpr float infinite_minutes = std::numeric_limits<float>::infinity();

/// The n × n row-major matrix of shortest travel times, in minutes, over `links` (undirected) weighted by `minutes`:
/// 0 on the diagonal, symmetric, infinite_minutes between unconnected vertices. Each source writes its own row,
/// so the result does not depend on the thread count.
std::vector<float> all_pairs_minutes(std::size_t n, const std::vector<Link>& links, const std::vector<double>& minutes,
                                     const sim::Executor& executor);

}  // namespace emile::models
