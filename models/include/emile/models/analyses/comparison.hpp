#pragma once
// Paired comparison of two scenarios under common random numbers.
//
// Both ensembles run with the same seed and replication indices. Every random stream is keyed by what it
// decides, so replication r of the base and of the variant draw the same numbers for every decision they
// share: their difference in an outcome is paired, and its variance is that of the variant's effect alone,
// not of two independent worlds.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// One headline outcome compared.
struct OutcomeComparison {
  std::string outcome;
  double base_mean = 0;
  double variant_mean = 0;
  sim::Interval difference;               ///< variant − base: mean and 95 % t interval over replications
  std::vector<double> paired_differences;  ///< per replication
};

/// Compares every headline outcome (see summary.hpp). Throws std::invalid_argument unless both ensembles have
/// the same seed and number of replications.
std::vector<OutcomeComparison> compare(const EnsembleResult& base, const EnsembleResult& variant);

/// Writes a comparison to HDF5 (atomically): root attributes as a results file plus `analysis = "compare"`,
/// `/base_scenario` and `/variant_scenario` (resolved TOML), `/comparison` and `/paired_differences` (declared in
/// results/tables.hpp).
/// A true `cancel` before the rename: Cancelled, nothing written (commit_unless_cancelled).
/// The `/comparison` table of the comparison (also what emile.compare returns in Python).
sim::Table comparison_table(const std::vector<OutcomeComparison>& comparison);

void write_comparison(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& base,
                      const EnsembleResult& variant,
                      const std::vector<OutcomeComparison>& comparison, const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
