#pragma once
// What letting some parameters range over intervals does to a scenario's world — for the runs that vary them from
// one simulation to the next (a calibration's proposals, a posterior's draws, a Sobol' design): the commutes the
// shared geography must cover, and whether some value changes the commune graphs or the starting markets. Each key
// is tried at either end of its range, the others as the scenario has them.
#include "emile/models/foundations/commute_limits.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace emile::models {

struct VariedWorld {
  CommuteLimits reach;                        ///< the longest commutes of the scenario at any of the values
  std::optional<std::size_t> changes_graphs;  ///< the first key some value of which changes geography_signature
  bool changes_markets = false;               ///< some value changes world_signature (the graphs included)
};

/// `keys[i]` ranges over `ranges[i]` (lowest, highest).
VariedWorld varied_world(const Scenario& scenario, const std::vector<std::string>& keys,
                         const std::vector<std::pair<double, double>>& ranges);

/// Each column's lowest and highest value over `rows` ([row][column], `columns` columns).
std::vector<std::pair<double, double>> column_ranges(const std::vector<std::vector<double>>& rows, std::size_t columns);

}  // namespace emile::models
