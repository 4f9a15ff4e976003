#include "emile/sim/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace emile::sim;

TEST(Statistics, computes_mean_and_sample_variance) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(mean(v), 5.0);
  EXPECT_DOUBLE_EQ(variance(v), 32.0 / 7.0);
  EXPECT_DOUBLE_EQ(variance(std::vector<double>{3}), 0.0);
}

TEST(Statistics, interpolates_quantiles_like_numpy) {
  const std::vector<double> v = {10, 1, 7, 3};  // sorted: 1 3 7 10
  EXPECT_DOUBLE_EQ(quantile(v, 0), 1);
  EXPECT_DOUBLE_EQ(quantile(v, 1), 10);
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 5);       // numpy.quantile([1,3,7,10], 0.5)
  EXPECT_DOUBLE_EQ(quantile(v, 0.05), 1.3);    // position 0.15 between 1 and 3
  EXPECT_THROW(quantile({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile(v, 1.5), std::invalid_argument);
}

TEST(Statistics, gives_students_t_quantiles) {
  EXPECT_NEAR(student_t_975(1), 12.7062, 1e-4);
  EXPECT_NEAR(student_t_975(10), 2.2281, 1e-4);
  EXPECT_NEAR(student_t_975(40), 2.0211, 1e-4);
  EXPECT_NEAR(student_t_975(120), 1.9799, 1e-4);
  EXPECT_NEAR(student_t_975(100000), 1.96, 1e-3);
  EXPECT_THROW(student_t_975(0), std::invalid_argument);
}

TEST(Statistics, builds_a_t_interval_around_the_mean) {
  const std::vector<double> v = {1, 2, 3, 4, 5};
  const auto ci = confidence_interval(v);
  EXPECT_DOUBLE_EQ(ci.mean, 3);
  EXPECT_NEAR(ci.high - ci.mean, 2.7764 * std::sqrt(2.5 / 5), 1e-4);
  EXPECT_DOUBLE_EQ(ci.mean - ci.low, ci.high - ci.mean);
  const auto single = confidence_interval(std::vector<double>{7});
  EXPECT_DOUBLE_EQ(single.low, 7);
}
