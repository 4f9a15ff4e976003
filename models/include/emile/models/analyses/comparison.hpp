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
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// An outcome on both sides and the variant's effect on it, from values paired by replication.
struct PairedEstimate {
  double base_mean = 0;
  double variant_mean = 0;
  sim::Interval difference;  ///< variant − base: mean of the paired differences and its 95 % t interval
  sim::Interval ratio;       ///< variant ÷ base of the means, 95 % interval by the delta method on its log (see
                             ///< sim::ratio_interval); NaN unless both means are positive
};

/// A ratio as a change in percent: 100 (ratio − 1).
inline double percent_change(double ratio) { return 100.0 * (ratio - 1.0); }

/// The estimate from `base[r]` and `variant[r]`, replication r of each side.
PairedEstimate paired_estimate(std::span<const double> base, std::span<const double> variant);

/// Appends the columns of `estimates` (one per row), as every comparison table declares them: base_mean,
/// variant_mean, difference, ci_low, ci_high, ratio, ratio_low, ratio_high, percent, percent_low, percent_high.
void add_estimate_columns(sim::Table& table, const std::vector<PairedEstimate>& estimates);

struct TerritoryComparison;

/// One headline outcome compared.
struct OutcomeComparison {
  std::string outcome;
  PairedEstimate estimate;
  std::vector<double> paired_differences;  ///< per replication
};

/// Compares every headline outcome (see summary.hpp). Throws std::invalid_argument unless both ensembles have
/// the same seed and number of replications.
std::vector<OutcomeComparison> compare(const EnsembleResult& base, const EnsembleResult& variant);

/// The `/comparison` table of the comparison (also what emile.compare returns in Python).
sim::Table comparison_table(const std::vector<OutcomeComparison>& comparison);

/// Writes a comparison to HDF5 (atomically): root attributes as a results file plus `analysis = "compare"`,
/// `/base_scenario` and `/variant_scenario` (resolved TOML), `/comparison`, `/paired_differences`,
/// `/comparison_by_territory` (`by_territory`) and `/comparison_by_origin_host` (compare_by_origin_host of the two
/// ensembles; see territory_comparison.hpp; all declared in results/tables.hpp). A true `cancel` before the rename:
/// Cancelled, nothing written (commit_unless_cancelled).
void write_comparison(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& base,
                      const EnsembleResult& variant, const std::vector<OutcomeComparison>& comparison,
                      const std::vector<TerritoryComparison>& by_territory, const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
