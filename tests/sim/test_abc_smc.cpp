// Tests for emile/sim/abc_smc.hpp: priors draw and weigh what they declare and refuse what cannot be a prior; the
// sampler recovers a parameter the data identify and leaves one they cannot see near its prior; the posterior is
// the same at any thread count and moves with the seed; a generation below the minimum acceptance ends the run.
#include "emile/sim/abc_smc.hpp"

#include "emile/sim/distributions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace {

using namespace emile::sim;

// Weighted mean and standard deviation of one parameter of a generation.
std::pair<double, double> moments(const AbcGeneration& g, std::size_t d) {
  double mean = 0, square = 0;
  for (std::size_t i = 0; i < g.particles.size(); ++i) mean += g.weights[i] * g.particles[i][d];
  for (std::size_t i = 0; i < g.particles.size(); ++i) square += g.weights[i] * std::pow(g.particles[i][d] - mean, 2);
  return {mean, std::sqrt(square)};
}

// The mean of 50 draws of N(θ, 1): the data identify θ (observed mean 2) and say nothing of φ.
const AbcSimulator mean_of_normals = [](std::span<const double> theta, std::size_t generation, std::size_t proposal) {
  RandomStream stream({99, static_cast<std::uint32_t>(generation)}, 7, proposal, 0);
  double sum = 0;
  for (int i = 0; i < 50; ++i) sum += normal(stream, theta[0], 1.0);
  return std::abs(sum / 50 - 2.0);
};

std::vector<Prior> two_priors() {
  return {Prior{Prior::Kind::uniform, -10, 10, -10, 10}, Prior{Prior::Kind::uniform, 0, 1, 0, 1}};
}

AbcSettings small(std::uint64_t seed) {
  AbcSettings s;
  s.particles = 300;
  s.generations = 5;
  s.seed = seed;
  return s;
}

}  // namespace

TEST(Prior, draws_inside_its_range_and_weighs_nothing_outside) {
  RandomStream stream({1, 0}, 1, 0, 0);
  const Prior beta{Prior::Kind::beta, 2, 5, 10, 20};
  const Prior rounded{Prior::Kind::normal, 3.2, 2, 0, 8, true};
  const Prior log_uniform{Prior::Kind::log_uniform, 0.01, 100, 0, 1000};
  double beta_sum = 0;
  for (int i = 0; i < 20'000; ++i) {
    const double x = beta.draw(stream);
    ASSERT_TRUE(x >= 10 && x <= 20);
    beta_sum += (x - 10) / 10;
    const double k = rounded.draw(stream);
    ASSERT_TRUE(k >= 0 && k <= 8 && k == std::round(k));
    const double l = log_uniform.draw(stream);
    ASSERT_TRUE(l >= 0.01 && l <= 100);
  }
  EXPECT_NEAR(beta_sum / 20'000, 2.0 / 7.0, 0.01) << "the mean of Beta(2, 5)";
  EXPECT_EQ(beta.density(9.99), 0.0);
  EXPECT_EQ(rounded.density(8.5), 0.0);
  EXPECT_GT(log_uniform.density(0.1), log_uniform.density(10)) << "log-uniform: 1/x";
}

TEST(Prior, refuses_what_cannot_be_a_prior) {
  for (const Prior& p : {Prior{Prior::Kind::uniform, 5, 1, 0, 10}, Prior{Prior::Kind::log_uniform, 0, 1, 0, 10},
                         Prior{Prior::Kind::normal, 0, 0, -1, 1}, Prior{Prior::Kind::normal, 100, 1, 0, 1},
                         Prior{Prior::Kind::beta, 1, 1}, Prior{Prior::Kind::uniform, 20, 30, 0, 10}}) {
    EXPECT_THROW(p.check(), std::invalid_argument);
  }
}

TEST(AbcSmc, recovers_an_identified_parameter_and_leaves_an_unseen_one_near_its_prior) {
  const auto priors = two_priors();
  auto settings = small(5);
  settings.generations = 8;  // the tolerance halves each generation: from about 5 to about 0.05
  const auto result = run_abc_smc(priors, mean_of_normals, settings, Executor(2));
  ASSERT_EQ(result.generations.size(), 8u);
  EXPECT_FALSE(result.stopped_on_acceptance);
  for (std::size_t g = 1; g < result.generations.size(); ++g) {
    EXPECT_LE(result.generations[g].tolerance, result.generations[g - 1].tolerance) << "tolerances shrink";
    EXPECT_GT(result.generations[g].effective_sample_size(), 30.0);
  }
  const auto& last = result.generations.back();
  const auto [theta, theta_sd] = moments(last, 0);
  const auto [phi, phi_sd] = moments(last, 1);
  // The exact posterior of θ given a mean of 50 unit normals equal to 2 is about N(2, 1/50); at tolerance ε the
  // ABC posterior adds a uniform error on (−ε, ε): sd ≈ √(1/50 + ε²/3).
  const double expected_sd = std::sqrt(1.0 / 50 + last.tolerance * last.tolerance / 3);
  EXPECT_LT(last.tolerance, 0.2);
  EXPECT_NEAR(theta, 2.0, 3 * expected_sd / std::sqrt(last.effective_sample_size()) + 0.05);
  EXPECT_LT(theta_sd, 1.5 * expected_sd) << "far narrower than the prior's 5.8";
  EXPECT_GT(theta_sd, 0.5 * expected_sd);
  EXPECT_GE(phi_sd, 0.8 / std::sqrt(12.0)) << "φ keeps about its prior spread";
  EXPECT_NEAR(phi, 0.5, 0.1);
}

TEST(AbcSmc, gives_the_same_posterior_at_any_thread_count_and_another_with_another_seed) {
  const auto priors = two_priors();
  const auto one = run_abc_smc(priors, mean_of_normals, small(5), Executor(1));
  const auto two = run_abc_smc(priors, mean_of_normals, small(5), Executor(2));
  const auto other = run_abc_smc(priors, mean_of_normals, small(6), Executor(2));
  ASSERT_EQ(one.generations.size(), two.generations.size());
  for (std::size_t g = 0; g < one.generations.size(); ++g) {
    EXPECT_EQ(one.generations[g].particles, two.generations[g].particles);
    EXPECT_EQ(one.generations[g].weights, two.generations[g].weights);
    EXPECT_EQ(one.generations[g].proposals, two.generations[g].proposals);
  }
  EXPECT_NE(one.generations.back().particles, other.generations.back().particles);
}

TEST(AbcSmc, ends_when_a_generation_accepts_less_than_the_minimum) {
  // Distances uniform on (0, 1) whatever the parameters: a tolerance at the 10 % quantile accepts about 10 %.
  const AbcSimulator noise = [](std::span<const double>, std::size_t generation, std::size_t proposal) {
    RandomStream stream({3, static_cast<std::uint32_t>(generation)}, 9, proposal, 0);
    return stream.uniform();
  };
  AbcSettings settings = small(1);
  settings.quantile = 0.1;
  settings.min_acceptance = 0.5;
  const auto result = run_abc_smc(two_priors(), noise, settings, Executor(2));
  EXPECT_TRUE(result.stopped_on_acceptance);
  EXPECT_EQ(result.generations.size(), 1u) << "generation 0 accepts every proposal; generation 1 falls short";
  EXPECT_THROW(run_abc_smc({}, noise, settings, Executor(1)), std::invalid_argument);
}

TEST(AbcSmc, its_90_percent_credible_interval_covers_the_true_value_for_most_seeds) {
  // Data simulated at θ = 2 (the observed mean): the weighted 5–95 % interval of θ should hold 2 about 90 % of the
  // time; at least 4 seeds of 5.
  int covered = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto settings = small(seed);
    settings.generations = 8;
    const auto last = run_abc_smc(two_priors(), mean_of_normals, settings, Executor(2)).generations.back();
    std::vector<std::size_t> order(last.particles.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return last.particles[a][0] < last.particles[b][0]; });
    double cumulative = 0, low = NAN, high = NAN;
    for (auto i : order) {
      cumulative += last.weights[i];
      if (std::isnan(low) && cumulative >= 0.05) low = last.particles[i][0];
      if (std::isnan(high) && cumulative >= 0.95) high = last.particles[i][0];
    }
    covered += low <= 2.0 && 2.0 <= high;
  }
  EXPECT_GE(covered, 4);
}
