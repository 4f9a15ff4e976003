#include "emile/models/analyses/sobol_sensitivity.hpp"

#include "emile/models/analyses/sensitivity.hpp"
#include "../calibration/tiny_scenario.hpp"

#include <gtest/gtest.h>

namespace {

using namespace emile;

models::RunOptions runs(int threads) {
  models::RunOptions options;
  options.seed = 4;
  options.replications = 1;
  options.threads = threads;
  return options;
}

const sim::SobolIndex& index(const models::SobolResult& result, const std::string& key, const std::string& outcome) {
  for (const auto& e : result.indices) {
    if (e.key == key && e.outcome == outcome) return e.index;
  }
  throw std::out_of_range(key + " on " + outcome);
}

}  // namespace

TEST(SobolSensitivity, the_referral_rate_drives_referrals_and_the_return_hazard_cannot_reach_enrolment) {
  const auto result = models::analyse_sobol(models::testing::tiny_scenario(), runs(2), {.samples = 24, .bootstrap = 50});
  EXPECT_EQ(result.points.size(), 24u * 4u);
  EXPECT_EQ(result.indices.size(), 2 * models::sensitivity_outcomes().size());
  const auto& rate = index(result, "origin.referrals_per_year", "enrolled_households");
  EXPECT_GT(rate.total_low, 0.5);
  // Returns happen after the move: under common random numbers, enrolments are the same whatever the hazard.
  const auto& returns = index(result, "after_move.return_per_year", "enrolled_households");
  EXPECT_EQ(returns.total, 0);
  EXPECT_EQ(returns.first, 0);
}

TEST(SobolSensitivity, gives_the_same_numbers_for_any_thread_count_and_refuses_what_it_cannot_do) {
  const models::SobolOptions small{.samples = 6, .bootstrap = 20};
  const auto one = models::analyse_sobol(models::testing::tiny_scenario(), runs(1), small);
  const auto two = models::analyse_sobol(models::testing::tiny_scenario(), runs(2), small);
  EXPECT_EQ(one.points, two.points);
  EXPECT_EQ(one.outcomes, two.outcomes);
  for (std::size_t i = 0; i < one.indices.size(); ++i) EXPECT_EQ(one.indices[i].index.total, two.indices[i].index.total);

  auto none = models::testing::tiny_scenario();
  none.uncertain.clear();
  EXPECT_THROW(models::analyse_sobol(none, runs(1), small), sim::ScenarioError);
  EXPECT_THROW(models::analyse_sobol(models::testing::tiny_scenario(), runs(1), {.samples = 1}), std::invalid_argument);
}
