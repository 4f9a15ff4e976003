#include "emile/models/analyses/sensitivity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace {

using namespace emile;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

// The pilot with two levers: one that acts only after the move, one at the programme's entrance.
models::Scenario pilot_with_levers() {
  auto scenario = pilot();
  scenario.levers = {{"after_move.return_factor_no_car", 1.0, 3.0}, {"origin.caseworkers", 1.0, 20.0}, {"cost.move_eur", 500.0, 5000.0}};
  return scenario;
}

models::RunOptions runs(int threads) {
  models::RunOptions options;
  options.seed = 5;
  options.replications = 1;
  options.threads = threads;
  return options;
}

models::SensitivityOptions few_trajectories() {
  models::SensitivityOptions options;
  options.trajectories = 3;
  return options;
}

const models::Effect& effect(const models::SensitivityResult& result, const std::string& lever, const std::string& outcome) {
  const auto it = std::find_if(result.effects.begin(), result.effects.end(),
                               [&](const models::Effect& e) { return e.lever == lever && e.outcome == outcome; });
  if (it == result.effects.end()) throw std::out_of_range(lever + " on " + outcome);
  return *it;
}

class PilotSensitivity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    result_ = new models::SensitivityResult(models::analyse_sensitivity(pilot_with_levers(), runs(2), few_trajectories()));
  }
  static void TearDownTestSuite() { delete result_; }
  static models::SensitivityResult* result_;
};
models::SensitivityResult* PilotSensitivity::result_ = nullptr;

}  // namespace

TEST(Sensitivity, morris_trajectories_change_each_lever_once_by_delta) {
  models::SensitivityOptions options;
  options.trajectories = 20;
  const auto scenario = pilot_with_levers();
  const auto design = models::morris_design(scenario, 7, options);
  const std::size_t k = scenario.levers.size();
  ASSERT_EQ(design.size(), 20 * (k + 1));
  const double delta = 4.0 / 6.0;
  std::set<double> levels;
  for (std::size_t t = 0; t < 20; ++t) {
    std::set<std::int64_t> changed;
    EXPECT_EQ(design[t * (k + 1)].changed, -1);
    for (std::size_t j = 1; j <= k; ++j) {
      const auto& before = design[t * (k + 1) + j - 1];
      const auto& point = design[t * (k + 1) + j];
      ASSERT_GE(point.changed, 0);
      changed.insert(point.changed);
      for (std::size_t i = 0; i < k; ++i) {
        const double step = point.x[i] - before.x[i];
        if (static_cast<std::int64_t>(i) == point.changed) {
          EXPECT_NEAR(step, static_cast<double>(point.direction) * delta, 1e-12);
        } else {
          EXPECT_EQ(step, 0.0);
        }
      }
    }
    EXPECT_EQ(changed.size(), k);
    for (std::size_t j = 0; j <= k; ++j) {
      for (double x : design[t * (k + 1) + j].x) levels.insert(std::round(x * 3));
    }
  }
  EXPECT_EQ(levels, (std::set<double>{0, 1, 2, 3}));  // p = 4 levels, all visited
  // Integer parameters are rounded: origin.caseworkers takes whole values in [1, 20].
  for (const auto& point : design) EXPECT_EQ(point.values[1], std::round(point.values[1]));
  // The design is a function of the seed.
  const auto again = models::morris_design(scenario, 7, options);
  for (std::size_t n = 0; n < design.size(); ++n) EXPECT_EQ(design[n].x, again[n].x);
}

TEST(Sensitivity, thresholds_boolean_levers_at_one_half) {
  auto scenario = pilot();
  scenario.levers = {{"pathway.immersion_visits", 0.0, 1.0}};
  const auto design = models::morris_design(scenario, 1, few_trajectories());
  for (const auto& point : design) EXPECT_EQ(point.values[0], point.x[0] >= 0.5 ? 1.0 : 0.0);
}

// Common random numbers: a lever that cannot reach an outcome leaves it exactly unchanged. A price reaches only
// the costs. (A lever acting after the move can still reach enrolment, through the caseworkers a return frees.)
TEST_F(PilotSensitivity, a_lever_that_only_prices_has_no_effect_on_any_stage) {
  for (const char* outcome : {"enrolled_households", "moved_households", "returned_households"}) {
    EXPECT_EQ(effect(*result_, "cost.move_eur", outcome).mu_star, 0.0) << outcome;
    EXPECT_EQ(effect(*result_, "cost.move_eur", outcome).sigma, 0.0) << outcome;
  }
}

TEST_F(PilotSensitivity, origin_caseworkers_drive_enrolment) {
  const auto& e = effect(*result_, "origin.caseworkers", "enrolled_households");
  EXPECT_GT(e.mu_star, 0.0);
  EXPECT_GT(e.mu, 0.0);  // more caseworkers, more enrolments
  EXPECT_GE(e.mu_star, std::abs(e.mu));
}

TEST_F(PilotSensitivity, reports_every_lever_on_every_outcome) {
  const auto& outcomes = models::sensitivity_outcomes();
  const std::size_t levers = result_->scenario.levers.size();
  ASSERT_EQ(levers, 3u);
  ASSERT_EQ(result_->effects.size(), levers * outcomes.size());
  for (std::size_t i = 0; i < levers; ++i) {
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      EXPECT_EQ(result_->effects[i * outcomes.size() + o].lever, result_->scenario.levers[i].key);
      EXPECT_EQ(result_->effects[i * outcomes.size() + o].outcome, outcomes[o]);
    }
  }
  for (const auto& point : result_->design) EXPECT_EQ(point.outcomes.size(), outcomes.size());
}

TEST_F(PilotSensitivity, gives_the_same_numbers_for_any_thread_count) {
  const auto one = models::analyse_sensitivity(pilot_with_levers(), runs(1), few_trajectories());
  ASSERT_EQ(one.effects.size(), result_->effects.size());
  for (std::size_t i = 0; i < one.effects.size(); ++i) {
    EXPECT_EQ(one.effects[i].mu, result_->effects[i].mu);
    EXPECT_EQ(one.effects[i].mu_star, result_->effects[i].mu_star);
    EXPECT_EQ(one.effects[i].sigma, result_->effects[i].sigma);
  }
}

TEST(Sensitivity, a_lever_on_any_geography_parameter_builds_its_own_geography) {
  // Road speed shapes reach by car, and the synthesis seed the synthetic communes themselves: points differing in
  // either need their own commune graphs, so each lever has an effect on moves. On the real communes (the pilot's
  // own geography) the synthesis seed is inert.
  auto synthetic = pilot();
  synthetic.geography.communes_file.clear();
  synthetic.geography.commune_housing_file.clear();
  const std::string seed = "geography.synthesis.seed";
  for (const auto& [key, scenario] : {std::pair{std::string("geography.car_speed_kmh"), pilot()},
                                      std::pair{seed, synthetic}}) {
    auto with_lever = scenario;
    with_lever.levers = {{key, key == seed ? 0.0 : 20.0, key == seed ? 30.0 : 120.0}};
    const auto result = models::analyse_sensitivity(with_lever, runs(2), few_trajectories());
    EXPECT_GT(effect(result, key, "moved_households").mu_star, 0.0) << key;
  }
  auto real = pilot();
  real.levers = {{seed, 0.0, 30.0}};
  const auto inert = models::analyse_sensitivity(real, runs(2), few_trajectories());
  EXPECT_EQ(effect(inert, seed, "moved_households").mu_star, 0.0);
}

// A commute limit is no geography parameter: every point shares one geography, built for the lever's longest
// value, so the points with longer commutes reach as far as they should.
TEST(Sensitivity, a_lever_on_a_commute_limit_shares_a_geography_built_for_its_longest_value) {
  auto scenario = pilot();
  scenario.levers = {{"matching.car_commute_minutes", 15.0, 90.0}};
  const auto result = models::analyse_sensitivity(scenario, runs(2), few_trajectories());
  EXPECT_GT(effect(result, "matching.car_commute_minutes", "moved_households").mu, 0.0);
}

TEST(Sensitivity, a_scenario_without_levers_is_a_scenario_error) {
  const auto scenario = pilot();
  ASSERT_TRUE(scenario.levers.empty());
  try {
    models::morris_design(scenario, 1);
    FAIL() << "no error";
  } catch (const sim::ScenarioError& e) {
    EXPECT_EQ(e.key(), "lever");
    EXPECT_NE(std::string(e.what()).find("pilot-2019.toml"), std::string::npos) << e.what();
  }
  EXPECT_THROW(models::analyse_sensitivity(scenario, runs(1)), sim::ScenarioError);
}

TEST(Sensitivity, rejects_a_lever_declared_twice_and_bad_options) {
  auto scenario = pilot();
  scenario.levers = {{"origin.caseworkers", 1, 20}, {"origin.caseworkers", 2, 10}};
  EXPECT_THROW(models::morris_design(scenario, 1), sim::ScenarioError);
  scenario.levers.pop_back();
  models::SensitivityOptions options;
  options.trajectories = 1;
  EXPECT_THROW(models::morris_design(scenario, 1, options), std::invalid_argument);
  options.trajectories = 2;
  options.levels = 3;
  EXPECT_THROW(models::morris_design(scenario, 1, options), std::invalid_argument);
}
