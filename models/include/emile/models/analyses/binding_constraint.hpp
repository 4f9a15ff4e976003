#pragma once
// Which resource binds the programme, by a rule an evaluator can defend.
//
// Each resource's gain is a set of paired differences, variant − base, one per replication (capacity.hpp). Its
// two-sided paired t test against 0 gives a p-value; the p-values are corrected for the number of resources tested
// together by Holm's step-down method, so that the chance of naming any resource whose true gain is 0 stays below
// 5 %. A gain of exactly 0 in every replication is not tested (under common random numbers the extra unit was never
// used: no chance is involved) and does not count in the correction. A resource is named binding only when
//   1. its gain is positive and its corrected p-value is below 0.05, and
//   2. it is told apart from the runner-up (the resource with the next largest mean gain): the 95 % t interval of
//      their paired difference excludes 0.
// Otherwise no resource is named: none can be told apart, and the verdict says how many replications would
// separate the top two (the smallest n at which the t interval of their paired difference, with the spread seen,
// would exclude 0).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace emile::models {

/// The family-wise error rate of the binding rule.
inline constexpr double binding_error_rate = 0.05;

struct BindingVerdict {
  std::size_t binding = 0;          ///< index of the binding resource; the number of resources when none is named
  std::vector<double> p_values;     ///< per resource, the paired t test of its gain against 0 (NaN: one replication)
  std::vector<double> holm_p_values;  ///< corrected for the resources tested together (p_values for those not tested)
  std::size_t tested = 0;             ///< resources tested: a gain not 0 in some replication, two replications or more
  std::size_t top = 0;              ///< the resource with the largest mean gain
  std::size_t runner_up = 0;        ///< the next one (equal to `top` with a single resource)
  /// Replications at which the top two would be told apart, with the spread seen (none when their mean gains are
  /// equal, when they already are told apart, or with a single replication, which shows no spread).
  std::optional<std::size_t> replications_to_separate;
};

/// The verdict over `gains[resource][replication]` (every resource with the same replications).
BindingVerdict binding_verdict(const std::vector<std::vector<double>>& gains);

}  // namespace emile::models
