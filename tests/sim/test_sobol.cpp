#include "emile/sim/sobol.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace {

using namespace emile::sim;

// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1, inputs uniform on [−π, π]; with a = 7, b = 0.1
// its indices are known exactly (Sobol' & Levitan 1999).
double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

struct Exact {
  double first, total;
};
Exact exact(std::size_t i) {
  const double a = 7, b = 0.1, pi = std::numbers::pi;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = std::pow(b, 2) * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  const Exact all[] = {{v1 / v, (v1 + v13) / v}, {v2 / v, v2 / v}, {0, v13 / v}};
  return all[i];
}

SaltelliDesign design(std::size_t samples, std::uint64_t seed) {
  return SaltelliDesign(
      samples, 3, [](std::size_t, RandomStream& s) { return -std::numbers::pi + 2 * std::numbers::pi * s.uniform(); }, seed);
}

}  // namespace

TEST(Sobol, recovers_the_ishigami_functions_indices_within_their_intervals) {
  const auto points = design(20000, 3);
  std::vector<double> values;
  for (std::size_t k = 0; k < points.points(); ++k) values.push_back(ishigami(points.point(k)));
  const auto indices = sobol_indices(points, values, 200, 3);
  ASSERT_EQ(indices.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& s = indices[i];
    const auto truth = exact(i);
    EXPECT_LE(s.first_low, truth.first) << "input " << i;
    EXPECT_GE(s.first_high, truth.first) << "input " << i;
    EXPECT_LE(s.total_low, truth.total) << "input " << i;
    EXPECT_GE(s.total_high, truth.total) << "input " << i;
    EXPECT_LT(s.first_high - s.first_low, 0.1) << "input " << i;  // informative, not vacuous
  }
  // x3 acts only through its interaction with x1: no first-order share, a clear total one.
  EXPECT_GT(indices[2].total_low, 0.15);
}

TEST(Sobol, the_design_swaps_one_column_and_is_a_function_of_its_seed) {
  const auto points = design(4, 9);
  EXPECT_EQ(points.points(), 4u * 5u);
  for (std::size_t j = 0; j < 4; ++j) {
    const auto a = points.point(j), b = points.point(4 + j);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto ab = points.point((2 + i) * 4 + j);
      for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(ab[c], c == i ? b[c] : a[c]);
    }
  }
  EXPECT_EQ(design(4, 9).point(7), points.point(7));
  EXPECT_NE(design(4, 10).point(7), points.point(7));
}

TEST(Sobol, an_output_that_does_not_vary_has_no_index_and_bad_input_is_refused) {
  const auto points = design(8, 1);
  const std::vector<double> constant(points.points(), 3.0);
  for (const auto& s : sobol_indices(points, constant, 20, 1)) {
    EXPECT_EQ(s.first, 0);
    EXPECT_EQ(s.total, 0);
  }
  EXPECT_THROW(sobol_indices(points, std::vector<double>(3, 1.0), 20, 1), std::invalid_argument);
  EXPECT_THROW(sobol_indices(points, constant, 5, 1), std::invalid_argument);
  EXPECT_THROW(design(1, 1), std::invalid_argument);
}
