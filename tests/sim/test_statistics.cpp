#include "emile/sim/statistics.hpp"

#include "emile/sim/distributions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
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

namespace {

// Small counts with many zeros, as relocations of one territory over a few replications are.
std::vector<double> poisson_sample(RandomStream& stream, std::size_t n, double mean) {
  std::vector<double> values(n);
  for (double& v : values) v = static_cast<double>(poisson(stream, mean));
  return values;
}

}  // namespace

TEST(Statistics, a_bootstrap_interval_never_leaves_the_values_bounds) {
  for (std::uint64_t trial = 0; trial < 300; ++trial) {
    RandomStream draws({7, 0}, 1, trial, 0);
    const std::size_t n = 2 + trial % 19;
    const auto counts = poisson_sample(draws, n, 0.3 + static_cast<double>(trial % 5));
    const auto ci = bootstrap_interval(counts, RandomStream({7, 0}, 2, trial, 0));
    EXPECT_GE(ci.low, *std::min_element(counts.begin(), counts.end())) << trial;
    EXPECT_LE(ci.high, *std::max_element(counts.begin(), counts.end())) << trial;
    EXPECT_GE(ci.low, 0.0);
    EXPECT_LE(ci.low, ci.mean);
    EXPECT_GE(ci.high, ci.mean);
    // Shares stay in [0, 1].
    std::vector<double> shares(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) shares[i] = counts[i] / (counts[i] + 1);
    const auto share = bootstrap_interval(shares, RandomStream({7, 0}, 3, trial, 0));
    EXPECT_GE(share.low, 0.0);
    EXPECT_LE(share.high, 1.0);
  }
  const std::vector<double> one = {4};
  EXPECT_EQ(bootstrap_interval(one, RandomStream({1, 0}, 1, 0, 0)).low, 4);
}

TEST(Statistics, a_bootstrap_interval_covers_the_mean_about_95_times_in_100) {
  // 400 samples of 30 Poisson(3) counts. The percentile bootstrap of a mean under-covers a little at n = 30
  // (about 1 point); the binomial standard error of a coverage of 0.94 over 400 trials is 0.012, so [0.90, 0.98]
  // leaves more than three of them on each side.
  constexpr int trials = 400;
  int covered = 0;
  for (int trial = 0; trial < trials; ++trial) {
    RandomStream draws({11, 0}, 1, static_cast<std::uint64_t>(trial), 0);
    const auto counts = poisson_sample(draws, 30, 3.0);
    const auto ci = bootstrap_interval(counts, RandomStream({11, 0}, 2, static_cast<std::uint64_t>(trial), 0));
    covered += ci.low <= 3.0 && 3.0 <= ci.high;
  }
  const double coverage = static_cast<double>(covered) / trials;
  EXPECT_GE(coverage, 0.90);
  EXPECT_LE(coverage, 0.98);
}

TEST(Statistics, a_ratio_interval_of_paired_means_stays_positive_and_covers) {
  // Paired counts: the variant adds a Poisson(1.5) to a base of Poisson(6), so the ratio of means is 7.5 / 6.
  constexpr int trials = 400;
  constexpr double truth = 7.5 / 6.0;
  int covered = 0;
  for (int trial = 0; trial < trials; ++trial) {
    RandomStream draws({13, 0}, 1, static_cast<std::uint64_t>(trial), 0);
    std::vector<double> base = poisson_sample(draws, 40, 6.0), variant = base;
    for (double& v : variant) v += static_cast<double>(poisson(draws, 1.5));
    const auto ci = ratio_interval(base, variant);
    EXPECT_GT(ci.low, 0.0);
    EXPECT_LE(ci.low, ci.mean);
    EXPECT_GE(ci.high, ci.mean);
    covered += ci.low <= truth && truth <= ci.high;
  }
  const double coverage = static_cast<double>(covered) / trials;
  EXPECT_GE(coverage, 0.90);
  EXPECT_LE(coverage, 0.98);

  const std::vector<double> zeros = {0, 0, 0}, some = {1, 2, 3};
  EXPECT_TRUE(std::isnan(ratio_interval(zeros, some).mean));
  EXPECT_THROW(ratio_interval(zeros, std::vector<double>{1, 2}), std::invalid_argument);
}

TEST(Statistics, a_paired_t_test_gives_the_two_sided_p_value) {
  // scipy.stats.ttest_1samp([1, 2, 3, 4, 6], 0).pvalue = 0.0204759 (t = 3.2 / (1.9235 / √5), 4 degrees of freedom).
  const std::vector<double> d = {1, 2, 3, 4, 6};
  EXPECT_NEAR(paired_t_p_value(d), 0.0204759, 1e-6);
  const std::vector<double> zeros = {0, 0, 0}, constant = {2, 2, 2}, one = {5};
  EXPECT_EQ(paired_t_p_value(zeros), 1.0);
  EXPECT_EQ(paired_t_p_value(constant), 0.0);
  EXPECT_TRUE(std::isnan(paired_t_p_value(one)));
}

TEST(Statistics, holm_adjusts_in_step_down_order) {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const auto adjusted = holm_adjusted(p);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
  const std::vector<double> with_nan = {0.5, std::nan(""), 0.9};
  const auto kept = holm_adjusted(with_nan);
  EXPECT_NEAR(kept[0], 1.0, 1e-12);  // min(1, 2 × 0.5)
  EXPECT_TRUE(std::isnan(kept[1]));
  EXPECT_NEAR(kept[2], 1.0, 1e-12);
}
