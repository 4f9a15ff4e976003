#pragma once
// Variance-based sensitivity: Sobol' first-order and total indices by the Saltelli design, with bootstrap
// intervals. Domain-free: the caller draws the inputs and evaluates the model.
//
// The design (Saltelli et al. 2010, "Variance based sensitivity analysis of model output", Computer Physics
// Communications 181): two independent samples A and B of N input rows each (each column drawn from its input's
// distribution, the inputs independent), and for each input i the matrix A_B^i — A with column i taken from B:
// N (d + 2) evaluations. With Y_A, Y_B, Y_AB^i the model's values and V the variance of Y_A and Y_B together:
//   first order   S_i  = mean_j( (Y_B[j] − Ȳ) (Y_AB^i[j] − Y_A[j]) ) / V     (Saltelli 2010, eq. (b), Y_B centred
//                 on the mean Ȳ of Y_A and Y_B: the same expectation, far less variance for an output far from 0)
//   total         ST_i = mean_j( (Y_A[j] − Y_AB^i[j])² ) / (2 V)              (Jansen 1999)
// S_i is the share of the output's variance that input i explains alone, ST_i the share it has a hand in
// (interactions included). Intervals: the 2.5 and 97.5 % quantiles over bootstrap resamples of the rows j.
//
// Determinism: row j of A and B draws input i from the stream (seed, purpose, matrix, j · dims + i); the bootstrap
// from its own streams. Evaluations may run in any order.
#include "emile/sim/random_stream.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace emile::sim {

/// The N (d + 2) evaluation points of a Saltelli design.
class SaltelliDesign {
 public:
  /// `samples` rows (N ≥ 2) of `dims` inputs (d ≥ 1); `draw(i, stream)` draws input i from its distribution.
  /// Throws std::invalid_argument for fewer rows or inputs.
  SaltelliDesign(std::size_t samples, std::size_t dims, const std::function<double(std::size_t, RandomStream&)>& draw,
                 std::uint64_t seed);

  std::size_t samples() const { return a_.size(); }
  std::size_t dims() const { return dims_; }
  /// N (d + 2).
  std::size_t points() const { return samples() * (dims_ + 2); }
  /// Point k: rows of A (k < N), then of B, then of A_B^0, A_B^1, …
  std::vector<double> point(std::size_t k) const;

 private:
  std::size_t dims_;
  std::vector<std::vector<double>> a_, b_;
};

struct SobolIndex {
  double first = 0, first_low = 0, first_high = 0;  ///< S_i and its 95 % bootstrap interval
  double total = 0, total_low = 0, total_high = 0;  ///< ST_i and its interval
};

/// The indices of each input from the values at a design's points (`values[k]` at point(k)), with `bootstrap`
/// resamples (≥ 10) drawn from streams of `seed`. An output that does not vary gives indices of 0. Throws
/// std::invalid_argument when the values are not one per point.
std::vector<SobolIndex> sobol_indices(const SaltelliDesign& design, std::span<const double> values, std::size_t bootstrap,
                                      std::uint64_t seed);

}  // namespace emile::sim
