#pragma once
// Summary statistics over replications: means, quantiles and confidence intervals.
//
// Three intervals, each named where it is reported:
// - the t interval of a mean (confidence_interval), for differences, which have no bound;
// - the percentile bootstrap of a mean (bootstrap_interval), for counts and shares: it lies within the smallest
//   and largest value, so it never leaves the bounds the values respect (a count's interval never goes below 0);
// - the delta method on the log of a ratio of paired means (ratio_interval), for ratios, which stay positive.
#include "emile/sim/random_stream.hpp"

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

/// The two-sided p-value of a paired t test that the mean of `differences` is 0 (Student's t with n − 1 degrees of
/// freedom). 1 when every difference is 0; 0 when they are all equal and not 0; NaN for fewer than two.
double paired_t_p_value(std::span<const double> differences);

/// Holm's step-down correction of `p_values` for testing them together: the adjusted p-values, in the same order,
/// each the largest over the smaller ones of min(1, (m − rank) p), so that rejecting those below α keeps the chance
/// of any false rejection below α. NaN p-values are left out of the family and stay NaN.
std::vector<double> holm_adjusted(std::span<const double> p_values);

/// Resamples drawn by bootstrap_interval: enough for the 2.5 % and 97.5 % quantiles to be stable to about a
/// hundredth of the interval's width.
inline constexpr int bootstrap_resamples = 2000;

/// Mean and 95 % percentile-bootstrap interval of `values`: the 2.5 % and 97.5 % quantiles of the means of
/// `bootstrap_resamples` resamples with replacement, drawn from `stream`. Within [min, max] of the values; collapses
/// to the mean for fewer than two values. Deterministic given the stream.
Interval bootstrap_interval(std::span<const double> values, RandomStream stream);

/// The ratio of the means of paired values, variant ÷ base, with its 95 % interval by the delta method on the
/// log of the ratio (the covariance of the pairs included): exp(log r ± t · se), positive when both means are.
/// NaN throughout when either mean is not positive.
Interval ratio_interval(std::span<const double> base, std::span<const double> variant);

}  // namespace emile::sim
