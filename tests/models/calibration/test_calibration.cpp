#include "emile/models/calibration/calibration.hpp"

#include "emile/models/calibration/predictive_check.hpp"
#include "tiny_scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace emile;
using models::testing::tiny_scenario;
using models::testing::tiny_targets;

// What the tiny scenario shows of its targets at its own values (200 referrals a year): one replication, as the
// record is one realisation.
models::Targets observed_at_true_values(std::uint64_t seed) {
  const auto scenario = tiny_scenario();
  const auto placeholder = tiny_targets(scenario, 0, 0);
  models::CheckOptions options;
  options.replications = 2;
  options.seed = seed;
  const auto values = models::check_targets(scenario, placeholder, options).simulated[0];
  return tiny_targets(scenario, values[0], values[1]);
}

models::CalibrationOptions small(std::uint64_t seed, int threads = 2) {
  models::CalibrationOptions options;
  options.particles = 300;
  options.generations = 4;
  options.seed = seed;
  options.threads = threads;
  return options;
}

}  // namespace

TEST(Calibration, recovers_a_known_referral_rate_and_leaves_an_unseen_parameter_at_its_prior) {
  const double truth = 200;
  const double prior_sd_referrals = 550 / std::sqrt(12.0), prior_sd_returns = 0.95 / std::sqrt(12.0);
  int covered = 0;
  for (const std::uint64_t seed : {1, 2, 3, 4, 5}) {
    const auto targets = observed_at_true_values(100 + seed);
    const auto result = models::calibrate(tiny_scenario(), targets, small(seed));
    ASSERT_FALSE(result.abc.stopped_on_acceptance) << "seed " << seed;
    const auto& last = result.abc.generations.back();
    const double low = last.weighted_quantile(0, 0.05), high = last.weighted_quantile(0, 0.95);
    covered += low <= truth && truth <= high;
    // Identified: far narrower than the prior. Unseen: as wide as the prior.
    EXPECT_LT(std::sqrt(last.weighted_variance(0)), 0.4 * prior_sd_referrals) << "seed " << seed;
    EXPECT_GE(std::sqrt(last.weighted_variance(1)), 0.8 * prior_sd_returns) << "seed " << seed;
    EXPECT_FALSE(result.draws_own_worlds);
    EXPECT_EQ(result.cost.worlds_drawn, 0u);
  }
  EXPECT_GE(covered, 4);
}

TEST(Calibration, the_posterior_is_the_same_at_any_thread_count_and_moves_with_the_seed) {
  const auto targets = observed_at_true_values(7);
  auto options = small(3, 1);
  options.particles = 60;
  options.generations = 3;
  const auto one = models::calibrate(tiny_scenario(), targets, options);
  options.threads = 2;
  const auto two = models::calibrate(tiny_scenario(), targets, options);
  options.seed = 4;
  const auto other = models::calibrate(tiny_scenario(), targets, options);
  ASSERT_EQ(one.abc.generations.size(), two.abc.generations.size());
  for (std::size_t g = 0; g < one.abc.generations.size(); ++g) {
    const auto &a = one.abc.generations[g], &b = two.abc.generations[g];
    EXPECT_EQ(a.particles, b.particles) << "generation " << g;
    EXPECT_EQ(a.weights, b.weights) << "generation " << g;
    EXPECT_EQ(a.distances, b.distances) << "generation " << g;
    EXPECT_EQ(a.proposals, b.proposals) << "generation " << g;
    EXPECT_EQ(a.kept, b.kept) << "generation " << g;
  }
  EXPECT_NE(one.abc.generations.back().particles, other.abc.generations.back().particles);
}

TEST(Calibration, integer_parameters_take_integer_values) {
  const auto scenario = tiny_scenario(R"(
[[uncertain]]
key = "origin.caseworkers"
low = 5
high = 30
)");
  auto options = small(1);
  options.particles = 40;
  options.generations = 2;
  const auto result = models::calibrate(scenario, observed_at_true_values(9), options);
  ASSERT_TRUE(result.priors[2].integer);
  for (const auto& g : result.abc.generations) {
    for (const auto& p : g.particles) EXPECT_EQ(p[2], std::round(p[2]));
  }
}

TEST(Calibration, parameters_that_shape_the_world_draw_one_for_each_simulation) {
  const auto scenario = tiny_scenario(R"(
[[uncertain]]
key = "territory.48.reserved_dwellings"
low = 5
high = 40
)");
  auto options = small(1);
  options.particles = 20;
  options.generations = 2;
  const auto result = models::calibrate(scenario, observed_at_true_values(9), options);
  EXPECT_TRUE(result.draws_own_worlds);
  EXPECT_EQ(result.cost.worlds_drawn, result.cost.simulations);
  EXPECT_GT(result.cost.simulations, 20u);
}

TEST(Calibration, a_scenario_without_uncertain_parameters_is_refused) {
  auto scenario = tiny_scenario();
  const auto targets = tiny_targets(scenario, 100, 100);
  scenario.uncertain.clear();
  EXPECT_THROW(models::calibrate(scenario, targets, small(1)), sim::ScenarioError);
  auto options = small(1);
  options.replicates = 0;
  EXPECT_THROW(models::calibrate(tiny_scenario(), targets, options), std::invalid_argument);
}
