#pragma once
// The links of a commune graph, chosen from the distances between its communes: each commune to its nearest
// neighbours, plus a minimum spanning tree so that every commune is reachable.
//
// Distances come as an n × n row-major matrix of km; a link is a pair of commune indices, first < second.
#include <cstddef>
#include <utility>
#include <vector>

namespace emile::models {

using Link = std::pair<std::size_t, std::size_t>;  ///< first < second

/// Links from each of the `n` points to its `k` nearest others (ties by index), symmetrised, sorted, unique.
std::vector<Link> nearest_neighbour_links(const std::vector<double>& km, std::size_t n, std::size_t k);

/// The n − 1 links of a minimum spanning tree of the complete graph on the `n` points (Prim, dense: O(n²)).
std::vector<Link> spanning_tree_links(const std::vector<double>& km, std::size_t n);

}  // namespace emile::models
