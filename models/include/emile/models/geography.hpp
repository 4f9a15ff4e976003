#pragma once
// The territories' commune graphs: built once per scenario and shared, read-only, by every replication.
#include "emile/models/commune_graph.hpp"
#include "emile/models/scenario.hpp"
#include "emile/sim/executor.hpp"

#include <memory>
#include <vector>

namespace emile::models {

struct Geography {
  /// One graph per host territory, in the scenario's order.
  std::vector<std::shared_ptr<const CommuneGraph>> graphs;
  /// Commune populations per territory (as doubles, for weighted draws).
  std::vector<std::vector<double>> populations;
};

/// Builds every territory's commune graph, in parallel: from `geography.communes_file` when set (relative to
/// the scenario's folder), otherwise synthesised from the territory's figures. Synthesis uses a fixed stream
/// (seed 0): the synthetic geography stands for the real one, so it is the same for every seed and
/// replication. Throws sim::ScenarioError when the communes file is missing or malformed.
Geography build_geography(const Scenario& scenario, const sim::Executor& executor);

}  // namespace emile::models
