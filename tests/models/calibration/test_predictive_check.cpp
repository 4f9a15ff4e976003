#include "emile/models/calibration/predictive_check.hpp"

#include "emile/models/calibration/target_fit.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "tiny_scenario.hpp"

#include <gtest/gtest.h>

namespace {

using namespace emile;
using models::testing::tiny_scenario;
using models::testing::tiny_targets;

models::CheckOptions replications(std::int64_t count, std::uint64_t seed = 5) {
  models::CheckOptions options;
  options.replications = count;
  options.seed = seed;
  options.threads = 2;
  return options;
}

}  // namespace

TEST(PredictiveCheck, replication_r_is_replication_r_of_the_run) {
  const auto scenario = tiny_scenario();
  const auto targets = tiny_targets(scenario, 100, 90);
  const auto check = models::check_targets(scenario, targets, replications(3));
  models::RunOptions run;
  run.seed = 5;
  run.replications = 3;
  run.stop_after = models::last_target_date(targets, scenario);
  const auto ensemble = models::run_ensemble(scenario, run);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(check.simulated[r], models::simulated_values(targets, scenario, ensemble.runs[r])) << "replication " << r;
  }
  EXPECT_NE(check.simulated[0], check.simulated[1]);
}

TEST(PredictiveCheck, a_target_is_inside_when_its_interval_holds_the_observation) {
  const auto scenario = tiny_scenario();
  const auto probe = models::check_targets(scenario, tiny_targets(scenario, 0, 0), replications(40));
  const double referred = probe.targets[0].median;
  EXPECT_FALSE(probe.all_inside());  // nobody referred or enrolled by June is far outside
  const auto check = models::check_targets(scenario, tiny_targets(scenario, referred, 5000 - 4000), replications(40));
  EXPECT_TRUE(check.targets[0].inside);
  EXPECT_FALSE(check.targets[1].inside);
  EXPECT_LE(check.targets[0].low, check.targets[0].median);
  EXPECT_LE(check.targets[0].median, check.targets[0].high);
  EXPECT_EQ(check.targets[0].shown, 40);
}

TEST(PredictiveCheck, a_posterior_sets_each_replications_parameters) {
  const auto scenario = tiny_scenario();
  const auto targets = tiny_targets(scenario, 100, 90);
  models::Posterior posterior;
  posterior.file = "posterior.h5";
  posterior.keys = {"origin.referrals_per_year"};
  posterior.particles = {{600}};
  posterior.weights = {1};
  auto options = replications(4);
  options.posterior = &posterior;
  const auto drawn = models::check_targets(scenario, targets, options);
  auto fixed = scenario;
  models::set_parameter(fixed, "origin.referrals_per_year", 600);
  EXPECT_EQ(drawn.simulated, models::check_targets(fixed, targets, replications(4)).simulated);
  EXPECT_NE(drawn.simulated, models::check_targets(scenario, targets, replications(4)).simulated);

  posterior.keys = {"origin.referals_per_year"};
  EXPECT_THROW(models::check_targets(scenario, targets, options), sim::ScenarioError);
  EXPECT_THROW(models::check_targets(scenario, targets, replications(1)), std::invalid_argument);
}
