#pragma once
// The territories' commune graphs: built once per scenario and shared, read-only, by every replication.
#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/executor.hpp"

#include <memory>
#include <vector>

namespace emile::models {

struct Geography {
  /// One graph per host territory, in the scenario's order.
  std::vector<std::shared_ptr<const CommuneGraph>> graphs;
  /// Commune populations per territory (as doubles, for weighted draws): where employers are placed.
  std::vector<std::vector<double>> populations;
  /// Per territory and commune, the weights that place its occupied and its vacant dwellings: the census counts
  /// of `geography.commune_housing_file` when set, otherwise the commune populations.
  std::vector<std::vector<double>> main_residences;
  std::vector<std::vector<double>> vacant_dwellings;
  /// Whether the communes were synthesised from the territories' figures (else read from a communes file).
  bool synthetic = true;
};

/// Builds every territory's commune graph, in parallel: from `geography.communes_file` when set (relative to
/// the scenario's folder; each file is read once), otherwise synthesised from the territory's figures. Synthesis draws from its own
/// stream, keyed by `geography.synthesis.seed`: the synthetic geography stands for the real one, so it is the
/// same for every run seed and replication. Throws sim::ScenarioError when a communes or commune housing file is
/// missing or malformed, or lacks a territory's communes.
Geography build_geography(const Scenario& scenario, const sim::Executor& executor);

}  // namespace emile::models
