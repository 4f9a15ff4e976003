#include "emile/models/foundations/commune.hpp"

#include "argument_checks.hpp"

#include <algorithm>
#include <numeric>

namespace emile::models {

void mark_hubs(std::vector<Commune>& communes, const HubRule& rule) {
  require(rule.min_population >= 0, "hubs.min_population", std::to_string(rule.min_population), "must be ≥ 0");
  require(rule.min_count >= 1, "hubs.min_count", std::to_string(rule.min_count), "must be ≥ 1");
  std::vector<std::size_t> order(communes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return communes[a].population > communes[b].population; });
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    Commune& commune = communes[order[rank]];
    commune.hub = commune.population >= rule.min_population || rank < static_cast<std::size_t>(rule.min_count);
  }
}

}  // namespace emile::models
