// Tests for emile/models/pathway/timeline.hpp: durations in steps, dated `set` events, lockdowns.
#include "emile/models/pathway/timeline.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using namespace emile;

models::Scenario pilot() { return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml"); }

// A lockdown restricting hiring and matching for `weeks` and visits for `visit_weeks`.
models::EventSettings lockdown(const std::string& date, double weeks, double hiring_factor, double visit_weeks = 0,
                               double visit_factor = 1, double matching_factor = 1) {
  models::EventSettings e;
  e.date = sim::Date::parse(date);
  e.kind = models::EventKind::lockdown;
  e.weeks = weeks;
  e.hiring_factor = hiring_factor;
  e.matching_factor = matching_factor;
  e.visit_weeks = visit_weeks;
  e.visit_factor = visit_factor;
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
  const auto before = scenario.origins.front().caseworkers;
  models::EventSettings e;
  e.date = scenario.run.start_date.plus_days(30);
  e.key = "origin.caseworkers";
  e.value = static_cast<double>(before + 7);
  scenario.events.insert(scenario.events.begin(), e);
  const sim::Step due = clock.step_of(e.date);
  models::apply_set_events(scenario, clock, due - 1);
  EXPECT_EQ(scenario.origins.front().caseworkers, before);
  models::apply_set_events(scenario, clock, due);
  EXPECT_EQ(scenario.origins.front().caseworkers, before + 7);
}

TEST(Timeline, covers_a_lockdowns_weeks_and_multiplies_the_hiring_factors_of_those_that_overlap) {
  auto scenario = pilot();
  scenario.events.clear();
  scenario.events.push_back(lockdown("2019-09-02", 4, 0.5));
  scenario.events.push_back(lockdown("2019-09-16", 4, 0.4));
  const sim::Clock clock(scenario.run.start_date, 7);
  const sim::Step first = clock.step_of(sim::Date::parse("2019-09-02"));
  const sim::Step second = clock.step_of(sim::Date::parse("2019-09-16"));

  EXPECT_EQ(models::lockdown_at(scenario, clock, first - 1).hiring_factor, 1.0);
  EXPECT_EQ(models::lockdown_at(scenario, clock, first).hiring_factor, 0.5);
  EXPECT_EQ(models::lockdown_at(scenario, clock, second).hiring_factor, 0.5 * 0.4);
  EXPECT_EQ(models::lockdown_at(scenario, clock, first + models::steps_after(clock, 4)).hiring_factor, 0.4);
  EXPECT_EQ(models::lockdown_at(scenario, clock, second + models::steps_after(clock, 4)).hiring_factor, 1.0);
}

TEST(Timeline, restricts_visits_for_a_lockdowns_visit_weeks_and_matching_for_its_weeks) {
  // The pilot's spring 2020: eight weeks of restricted hiring and matching from 17 March, visits suspended until
  // 1 September (24 weeks).
  auto scenario = pilot();
  scenario.events.clear();
  scenario.events.push_back(lockdown("2020-03-17", 8, 0.2, 24, 0, 0.3));
  const sim::Clock clock(scenario.run.start_date, 7);
  const sim::Step first = clock.step_of(sim::Date::parse("2020-03-17"));
  const auto at = [&](sim::Step step) { return models::lockdown_at(scenario, clock, step); };
  EXPECT_EQ(at(first - 1).visit_factor, 1.0);
  EXPECT_EQ(at(first - 1).matching_factor, 1.0);
  EXPECT_EQ(at(first).visit_factor, 0.0);
  EXPECT_EQ(at(first).matching_factor, 0.3);
  const sim::Step eased = first + models::steps_after(clock, 8);
  EXPECT_EQ(at(eased - 1).matching_factor, 0.3);
  EXPECT_EQ(at(eased).matching_factor, 1.0);
  EXPECT_EQ(at(eased).hiring_factor, 1.0);
  EXPECT_EQ(at(eased).visit_factor, 0.0);  // visits still wait
  const sim::Step resumed = first + models::steps_after(clock, 24);
  EXPECT_EQ(at(resumed - 1).visit_factor, 0.0);
  EXPECT_EQ(at(resumed).visit_factor, 1.0);
  EXPECT_LE(clock.first_day(resumed), sim::Date::parse("2020-09-01"));
  EXPECT_GE(clock.last_day(resumed), sim::Date::parse("2020-09-01"));  // the step containing 1 September
}
