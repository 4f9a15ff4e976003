#include "emile/models/analyses/capacity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace {

using namespace emile;

models::Scenario pilot(std::vector<sim::Override> overrides = {}) {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides);
}

// Short windows keep each analysis to a few seconds on two cores.
models::CapacityOptions short_window() {
  models::CapacityOptions options;
  options.warmup_weeks = 8;
  options.window_weeks = 26;
  return options;
}

models::RunOptions runs(std::int64_t replications, int threads) {
  models::RunOptions options;
  options.seed = 3;
  options.replications = replications;
  options.threads = threads;
  return options;
}

const models::ResourceEffect& find(const models::CapacityResult& result, const std::string& resource,
                                   const std::string& territory) {
  for (const auto& r : result.resources) {
    if (r.resource == resource && r.territory == territory) return r;
  }
  throw std::out_of_range("no resource " + resource + " in " + territory);
}

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

TEST(Capacity, steady_state_holds_the_last_days_configuration) {
  auto scenario = pilot();
  scenario.events.push_back({sim::Date::parse("2020-01-06"), models::EventKind::set, "origin.caseworkers", 25, 0, 0});
  scenario.events.push_back({sim::Date::parse("2020-04-01"), models::EventKind::set, "origin.caseworkers", 30, 0, 0});
  scenario.territories[2].join_date = sim::Date::parse("2020-02-01");
  const auto steady = models::steady_state_scenario(scenario, short_window());

  EXPECT_EQ(steady.origins.front().caseworkers, 30);  // the final value of the dated changes
  EXPECT_TRUE(steady.events.empty());        // no lockdown either
  EXPECT_EQ(steady.origins.front().initial_referred, 0);
  EXPECT_EQ(steady.run.start_date, sim::Date::parse("2020-07-01"));  // the day after 2020-06-30
  for (const auto& t : steady.territories) EXPECT_EQ(t.join_date, steady.run.start_date);
  const sim::Clock clock(steady.run.start_date, 7);
  EXPECT_EQ(clock.steps_until(steady.run.end_date), 8 + 26);

  const auto window = models::steady_state_window(scenario, short_window());
  EXPECT_EQ(window.warmup_steps, 8);
  EXPECT_EQ(window.window_steps, 26);
  EXPECT_DOUBLE_EQ(window.window_years, 26 * 7 / 365.25);
}

TEST(Capacity, rejects_a_window_of_no_length) {
  models::CapacityOptions options;
  options.window_weeks = 0;
  EXPECT_THROW(models::steady_state_window(pilot(), options), std::invalid_argument);
  options.window_weeks = 52;
  options.warmup_weeks = -1;
  EXPECT_THROW(models::steady_state_window(pilot(), options), std::invalid_argument);
}

// With a single Île-de-France caseworker (12 slots) the programme is bound in Île-de-France: one more
// caseworker there adds more relocations than one more immersion slot in a territory.
TEST(Capacity, names_the_origin_caseworker_binding_when_idf_is_short_of_caseworkers) {
  const auto result = models::analyse_capacity(pilot({{"origin.caseworkers", "1"}}), runs(8, 2), short_window());

  ASSERT_EQ(result.resources.size(), 1 + 3 * result.scenario.territories.size() + 2);
  ASSERT_EQ(result.relocations.size(), 1 + result.scenario.territories.size());
  EXPECT_EQ(result.relocations.front().territory, "all");
  double territories = 0;
  for (std::size_t i = 1; i < result.relocations.size(); ++i) territories += result.relocations[i].per_year.mean;
  EXPECT_NEAR(result.relocations.front().per_year.mean, territories, 1e-9);

  ASSERT_LT(result.binding, result.resources.size());
  const auto& binding = result.resources[result.binding];
  EXPECT_EQ(binding.resource, "origin_caseworker");
  EXPECT_EQ(result.binding_label(), "origin_caseworker IDF");
  const auto& slot = find(result, "immersion_slot", "15");
  EXPECT_GT(binding.gain_per_year.mean, slot.gain_per_year.mean);
  EXPECT_GT(binding.gain_per_year.mean, 0.0);
  EXPECT_LE(binding.gain_per_year.low, binding.gain_per_year.mean);
  EXPECT_GE(binding.gain_per_year.high, binding.gain_per_year.mean);
  // The queue for the only caseworker is long: households wait more in `referred` than the intake alone.
  EXPECT_GT(binding.mean_wait_weeks, result.scenario.pathway.intake_mean_weeks);
  // Of that, the queue for a slot is the time beyond the intake: less than the whole, more than nothing.
  EXPECT_GT(binding.mean_queue_weeks, 0.0);
  EXPECT_LT(binding.mean_queue_weeks, binding.mean_wait_weeks);
  for (const auto& r : result.resources) {
    if (r.resource == "referrals") {
      EXPECT_TRUE(std::isnan(r.mean_queue_weeks));
    } else if (r.resource == "reserved_dwelling" || r.resource == "vacancies") {
      // Committed households queue for a match from their commitment: the queue is the whole stage.
      if (!std::isnan(r.mean_wait_weeks)) EXPECT_NEAR(r.mean_queue_weeks, r.mean_wait_weeks, 1e-9) << r.territory;
    } else if (!std::isnan(r.mean_queue_weeks)) {
      EXPECT_LE(r.mean_queue_weeks, r.mean_wait_weeks) << r.resource << " " << r.territory;
    }
  }
  EXPECT_EQ(binding.key, "origin.caseworkers");
  EXPECT_EQ(binding.base_value, 1);
  EXPECT_EQ(binding.value, 2);
}

TEST(Capacity, gives_the_same_numbers_for_any_thread_count) {
  // Two territories keep this short; the analysis is the same code whatever the scenario.
  auto scenario = pilot();
  scenario.territories.resize(2);
  const auto one = models::analyse_capacity(scenario, runs(2, 1), short_window());
  const auto two = models::analyse_capacity(scenario, runs(2, 2), short_window());

  ASSERT_EQ(one.relocations.size(), two.relocations.size());
  for (std::size_t i = 0; i < one.relocations.size(); ++i) {
    EXPECT_EQ(one.relocations[i].per_year.mean, two.relocations[i].per_year.mean);
    EXPECT_EQ(one.relocations[i].per_year.low, two.relocations[i].per_year.low);
    EXPECT_EQ(one.relocations[i].per_year.high, two.relocations[i].per_year.high);
  }
  ASSERT_EQ(one.resources.size(), two.resources.size());
  for (std::size_t i = 0; i < one.resources.size(); ++i) {
    EXPECT_TRUE(same(one.resources[i].mean_wait_weeks, two.resources[i].mean_wait_weeks)) << one.resources[i].resource;
    EXPECT_TRUE(same(one.resources[i].mean_queue_weeks, two.resources[i].mean_queue_weeks)) << one.resources[i].resource;
    EXPECT_EQ(one.resources[i].gain_per_year.mean, two.resources[i].gain_per_year.mean) << one.resources[i].resource;
    EXPECT_EQ(one.resources[i].gain_per_year.low, two.resources[i].gain_per_year.low) << one.resources[i].resource;
  }
  EXPECT_EQ(one.binding, two.binding);
  EXPECT_GT(one.relocations.front().per_year.mean, 0.0);
}
