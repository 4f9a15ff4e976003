#pragma once
// Summary statistics over replications: means, quantiles and confidence intervals.
#include <span>
#include <vector>

namespace emile::sim {

double mean(std::span<const double> values);
/// Sample variance (n − 1 in the denominator); 0 for fewer than two values.
double variance(std::span<const double> values);
/// The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's
/// default). Throws std::invalid_argument for no values or q outside [0, 1].
double quantile(std::vector<double> values, double q);
/// The q-quantile of `values` weighted by `weights` (≥ 0, not all 0): the smallest value whose share of the total
/// weight at or below it reaches q. Throws std::invalid_argument for no values, sizes that differ, no weight or q
/// outside [0, 1].
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);
/// The 0.975 quantile of Student's t distribution with `df` ≥ 1 degrees of freedom (exact table to 30, then
/// the Cornish–Fisher expansion, accurate to 1e-4).
double student_t_975(int df);

/// A mean with its 95 % confidence interval (t interval over replications).
struct Interval {
  double mean = 0;
  double low = 0;
  double high = 0;
};
/// Mean and 95 % t interval of `values`; the interval collapses to the mean for fewer than two values.
Interval confidence_interval(std::span<const double> values);

}  // namespace emile::sim
