#pragma once
// The territories' commune graphs: built once per scenario and shared, read-only, by every replication — and by
// every variant of an analysis, or a branch, that keeps the same geography. The graphs' travel times stop at the
// geography's reach, which must cover every scenario run on it (commute_reach.hpp).
#include "emile/models/agents/commute_reach.hpp"
#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/executor.hpp"

#include <memory>
#include <string>
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
  /// The longest commutes the graphs' travel times cover (CommuneGraph::reach): a scenario may run on this
  /// geography only if its commute_reach is within it (require_reach).
  CommuteLimits reach = unlimited_reach;
};

/// Builds every territory's commune graph, in parallel: from `geography.communes_file` when set (relative to
/// the scenario's folder; each file is read once), otherwise synthesised from the territory's figures. Synthesis draws from its own
/// stream, keyed by `geography.synthesis.seed`: the synthetic geography stands for the real one, so it is the
/// same for every run seed and replication. Throws sim::ScenarioError when a communes or commune housing file is
/// missing or malformed, or lacks a territory's communes.
///
/// The graphs are built for `reach`: the longest commute_reach of every scenario that will run on the geography
/// (use `longest` over an analysis' variants, a branch's saved scenario and variant). Without it, for
/// commute_reach(scenario), the scenario's own runs. Throws std::invalid_argument for a reach with a negative or
/// NaN limit.
Geography build_geography(const Scenario& scenario, const CommuteLimits& reach, const sim::Executor& executor);
Geography build_geography(const Scenario& scenario, const sim::Executor& executor);

/// What the commune graphs are built from: every parameter of [geography] and each territory's figures, as text.
/// Scenarios with equal signatures may share a geography (built for the longest reach of them all).
std::string geography_signature(const Scenario& scenario);

/// Throws std::logic_error unless `geography`'s reach covers commute_reach(scenario): a run of `scenario` on it
/// would silently miss the communes between the two (a programming error: build the geography for every scenario
/// that will run on it).
void require_reach(const Geography& geography, const Scenario& scenario);

}  // namespace emile::models
