#include "road_network.hpp"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace emile::models {

std::vector<Link> nearest_neighbour_links(const std::vector<double>& km, std::size_t n, std::size_t k) {
  std::vector<Link> links;
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < n; ++i) {
    others.clear();
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) others.push_back(j);
    }
    const std::size_t count = std::min(k, others.size());
    std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(count), others.end(),
                      [&](std::size_t a, std::size_t b) {
                        const double da = km[i * n + a];
                        const double db = km[i * n + b];
                        return da < db || (da == db && a < b);
                      });
    for (std::size_t m = 0; m < count; ++m) links.emplace_back(std::min(i, others[m]), std::max(i, others[m]));
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  return links;
}

std::vector<Link> spanning_tree_links(const std::vector<double>& km, std::size_t n) {
  std::vector<Link> links;
  if (n < 2) return links;
  std::vector<bool> in_tree(n, false);
  std::vector<double> best(n, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> parent(n, 0);
  best[0] = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t next = n;
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v] && (next == n || best[v] < best[next])) next = v;
    }
    in_tree[next] = true;
    if (step > 0) links.emplace_back(std::min(next, parent[next]), std::max(next, parent[next]));
    for (std::size_t v = 0; v < n; ++v) {
      if (!in_tree[v] && km[next * n + v] < best[v]) {
        best[v] = km[next * n + v];
        parent[v] = next;
      }
    }
  }
  return links;
}

}  // namespace emile::models
