#include "emile/sim/calendar.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

using emile::sim::Clock;
using emile::sim::Date;

TEST(Date, round_trips_through_iso_text) {
  for (const char* text : {"2019-06-14", "2020-02-29", "2021-12-31", "1999-01-01"}) {
    EXPECT_EQ(Date::parse(text).iso(), text);
  }
}

TEST(Date, counts_days_across_leap_years) {
  EXPECT_EQ(Date::parse("2020-03-01") - Date::parse("2020-02-28"), 2);
  EXPECT_EQ(Date::parse("2019-03-01") - Date::parse("2019-02-28"), 1);
  EXPECT_EQ(Date::parse("1970-01-01").days_since_epoch(), 0);
}

TEST(Date, rejects_text_that_is_not_a_calendar_day) {
  for (const char* text : {"2019-02-29", "2019-13-01", "2019-6-14", "14/06/2019", "", "2019-06-14x", "abcd-ef-gh"}) {
    EXPECT_THROW(Date::parse(text), std::invalid_argument) << text;
  }
}

TEST(Date, month_index_orders_months) {
  EXPECT_EQ(Date::parse("2020-01-31").month_index() - Date::parse("2019-12-01").month_index(), 1);
}

TEST(Clock, records_a_step_by_its_last_day) {
  const Clock clock(Date::parse("2019-06-14"), 7);
  EXPECT_EQ(clock.first_day(0).iso(), "2019-06-14");
  EXPECT_EQ(clock.last_day(0).iso(), "2019-06-20");
  EXPECT_EQ(clock.first_day(1).iso(), "2019-06-21");
}

TEST(Clock, finds_the_step_containing_a_date) {
  const Clock clock(Date::parse("2019-06-14"), 7);
  EXPECT_EQ(clock.step_of(Date::parse("2019-06-14")), 0);
  EXPECT_EQ(clock.step_of(Date::parse("2019-06-20")), 0);
  EXPECT_EQ(clock.step_of(Date::parse("2019-06-21")), 1);
  EXPECT_EQ(clock.step_of(Date::parse("2019-06-13")), -1);
  EXPECT_EQ(clock.step_of(Date::parse("2020-03-17")), (Date::parse("2020-03-17") - Date::parse("2019-06-14")) / 7);
}

TEST(Clock, covers_the_end_date_with_whole_steps) {
  const Clock clock(Date::parse("2019-06-14"), 7);
  EXPECT_EQ(clock.steps_until(Date::parse("2019-06-14")), 1);
  EXPECT_EQ(clock.steps_until(Date::parse("2019-06-20")), 1);
  EXPECT_EQ(clock.steps_until(Date::parse("2019-06-21")), 2);
  EXPECT_EQ(clock.steps_until(Date::parse("2019-06-01")), 0);
  const auto steps = clock.steps_until(Date::parse("2020-06-30"));
  EXPECT_GE(clock.last_day(steps - 1), Date::parse("2020-06-30"));
  EXPECT_LT(clock.last_day(steps - 2), Date::parse("2020-06-30"));
}

TEST(Clock, assigns_monthly_quota_by_the_first_day_of_the_step) {
  const Clock clock(Date::parse("2019-06-28"), 7);
  // Step 0 runs 28 June – 4 July: its quota belongs to June.
  EXPECT_EQ(clock.quota_month(0), Date::parse("2019-06-01").month_index());
  EXPECT_EQ(clock.quota_month(1), Date::parse("2019-07-01").month_index());
}

TEST(Clock, fires_an_event_in_the_step_its_time_falls_in_never_the_first) {
  const Clock weekly(Date::parse("2019-06-14"), 7);
  EXPECT_EQ(weekly.steps_after_days(0), 1);
  EXPECT_EQ(weekly.steps_after_days(0.5), 1);
  EXPECT_EQ(weekly.steps_after_days(7), 1);  // the end of the first step still belongs to it
  EXPECT_EQ(weekly.steps_after_days(7.01), 2);
  EXPECT_EQ(weekly.steps_after_days(182), 26);
  const Clock three_days(Date::parse("2019-06-14"), 3);
  EXPECT_EQ(three_days.steps_after_days(21), 7);  // exact in days, whatever the step's length in weeks
}

TEST(Clock, puts_an_endless_wait_beyond_every_run) {
  const Clock weekly(Date::parse("2019-06-14"), 7);
  const auto never = weekly.steps_after_days(std::numeric_limits<double>::infinity());
  EXPECT_GT(never, weekly.steps_until(Date::parse("2199-12-31")));
  EXPECT_EQ(weekly.steps_after_days(1e13), never);
  EXPECT_LT(never + never, std::numeric_limits<emile::sim::Step>::max());  // a step plus it does not overflow
}

TEST(Clock, rejects_steps_shorter_than_a_day) {
  EXPECT_THROW(Clock(Date::parse("2019-06-14"), 0), std::invalid_argument);
}
