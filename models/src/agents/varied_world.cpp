#include "emile/models/agents/varied_world.hpp"

#include "emile/models/agents/commute_reach.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/starting_markets.hpp"

#include <algorithm>
#include <limits>

namespace emile::models {

VariedWorld varied_world(const Scenario& scenario, const std::vector<std::string>& keys,
                         const std::vector<std::pair<double, double>>& ranges) {
  VariedWorld varied{commute_reach(scenario), std::nullopt, false};
  const std::string graphs = geography_signature(scenario), world = world_signature(scenario);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    for (const double value : {ranges[k].first, ranges[k].second}) {
      Scenario end = scenario;
      set_parameter(end, keys[k], value);
      varied.reach = longest(varied.reach, commute_reach(end));
      if (!varied.changes_graphs && geography_signature(end) != graphs) varied.changes_graphs = k;
      varied.changes_markets = varied.changes_markets || world_signature(end) != world;
    }
  }
  return varied;
}

std::vector<std::pair<double, double>> column_ranges(const std::vector<std::vector<double>>& rows, std::size_t columns) {
  std::vector<std::pair<double, double>> ranges(
      columns, {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()});
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < columns; ++c) {
      ranges[c].first = std::min(ranges[c].first, row[c]);
      ranges[c].second = std::max(ranges[c].second, row[c]);
    }
  }
  return ranges;
}

}  // namespace emile::models
