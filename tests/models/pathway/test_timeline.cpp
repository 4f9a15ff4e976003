// Tests for emile/models/pathway/timeline.hpp: durations in steps, dated `set` events, lockdowns.
#include "emile/models/pathway/timeline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using namespace emile;

models::Scenario pilot() { return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml"); }

models::EventSettings lockdown(const std::string& date, double weeks, double hiring_factor) {
  models::EventSettings e;
  e.date = sim::Date::parse(date);
  e.kind = models::EventKind::lockdown;
  e.weeks = weeks;
  e.hiring_factor = hiring_factor;
  return e;
}

}  // namespace

TEST(Timeline, counts_durations_in_weeks_by_the_clocks_event_timing_rule) {
  const sim::Clock weekly(sim::Date::parse("2020-01-06"), 7);
  const sim::Clock fortnightly(sim::Date::parse("2020-01-06"), 14);
  const sim::Clock three_days(sim::Date::parse("2020-01-06"), 3);
  EXPECT_EQ(models::steps_after(weekly, 2.0), 2);  // the end of step 1 belongs to step 1: (1, 2] weeks → 2 steps on
  EXPECT_EQ(models::steps_after(weekly, 2.4), 3);
  EXPECT_EQ(models::steps_after(weekly, 2.6), 3);
  EXPECT_EQ(models::steps_after(fortnightly, 4), 2);
  EXPECT_EQ(models::steps_after(fortnightly, 4.1), 3);
  EXPECT_EQ(models::steps_after(three_days, 3), 7);  // 21 days of 3-day steps, exactly
  EXPECT_EQ(models::steps_after(weekly, 0), 1);
  EXPECT_EQ(models::steps_after(weekly, 0.1), 1);
}

TEST(Timeline, applies_a_set_event_in_the_step_containing_its_date_only) {
  auto scenario = pilot();
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  const auto before = scenario.origin.caseworkers;
  models::EventSettings e;
  e.date = scenario.run.start_date.plus_days(30);
  e.key = "origin.caseworkers";
  e.value = static_cast<double>(before + 7);
  scenario.events.insert(scenario.events.begin(), e);
  const sim::Step due = clock.step_of(e.date);
  models::apply_set_events(scenario, clock, due - 1);
  EXPECT_EQ(scenario.origin.caseworkers, before);
  models::apply_set_events(scenario, clock, due);
  EXPECT_EQ(scenario.origin.caseworkers, before + 7);
}

TEST(Timeline, covers_a_lockdowns_weeks_and_multiplies_the_hiring_factors_of_those_that_overlap) {
  auto scenario = pilot();
  scenario.events.clear();
  scenario.events.push_back(lockdown("2019-09-02", 4, 0.5));
  scenario.events.push_back(lockdown("2019-09-16", 4, 0.4));
  const sim::Clock clock(scenario.run.start_date, 7);
  const sim::Step first = clock.step_of(sim::Date::parse("2019-09-02"));
  const sim::Step second = clock.step_of(sim::Date::parse("2019-09-16"));

  EXPECT_FALSE(models::lockdown_at(scenario, clock, first - 1).active);
  EXPECT_EQ(models::lockdown_at(scenario, clock, first - 1).hiring_factor, 1.0);
  EXPECT_TRUE(models::lockdown_at(scenario, clock, first).active);
  EXPECT_EQ(models::lockdown_at(scenario, clock, first).hiring_factor, 0.5);
  EXPECT_EQ(models::lockdown_at(scenario, clock, second).hiring_factor, 0.5 * 0.4);
  EXPECT_EQ(models::lockdown_at(scenario, clock, first + models::steps_after(clock, 4)).hiring_factor, 0.4);
  EXPECT_FALSE(models::lockdown_at(scenario, clock, second + models::steps_after(clock, 4)).active);
}
