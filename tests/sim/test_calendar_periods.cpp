#include "emile/sim/calendar_periods.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using emile::sim::calendar_periods;
using emile::sim::Clock;
using emile::sim::Date;
using emile::sim::Period;
using emile::sim::PeriodLength;
using emile::sim::Step;
using emile::sim::steps_in;

namespace {

// expansion-2021's calendar: weekly steps from 7 January 2020 to 31 December 2021.
const Clock weekly(Date::parse("2020-01-07"), 7);
const Step run_steps = weekly.steps_until(Date::parse("2021-12-31"));

}  // namespace

TEST(Period, parses_spans_and_calendar_labels) {
  const Period span = Period::parse("2020-03-01:2020-06-30");
  EXPECT_EQ(span.first.iso(), "2020-03-01");
  EXPECT_EQ(span.last.iso(), "2020-06-30");
  EXPECT_EQ(span.label, "2020-03-01:2020-06-30");

  EXPECT_EQ(Period::parse("2020").last.iso(), "2020-12-31");
  const Period quarter = Period::parse("2021-Q3");
  EXPECT_EQ(quarter.first.iso(), "2021-07-01");
  EXPECT_EQ(quarter.last.iso(), "2021-09-30");
  EXPECT_EQ(Period::parse("2020-02").last.iso(), "2020-02-29");
  EXPECT_EQ(Period::parse("2021-12").label, "2021-12");
}

TEST(Period, refuses_text_saying_what_is_expected) {
  for (const char* text : {"", "21", "2021-Q5", "2021-13", "2021-06-31:2021-07-01", "2021-07-01", "last year", "2021:2022"}) {
    try {
      Period::parse(text);
      FAIL() << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("expected FROM:TO"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(Period::parse("2021-07-01:2021-06-30"), std::invalid_argument);
  EXPECT_THROW(emile::sim::parse_period_length("week"), std::invalid_argument);
}

TEST(Period, a_straddling_step_counts_whole_in_the_period_of_its_first_day) {
  // The run's last step starts on 28 December 2021 and is recorded on 3 January 2022: it is 2021's.
  const Step last = run_steps - 1;
  ASSERT_EQ(weekly.first_day(last).iso(), "2021-12-28");
  ASSERT_EQ(weekly.last_day(last).iso(), "2022-01-03");
  const auto in_2021 = steps_in(weekly, run_steps, Period::parse("2021"));
  EXPECT_EQ(in_2021.end, run_steps);
  EXPECT_TRUE(steps_in(weekly, run_steps, Period::parse("2022")).empty());

  // The step of 31 December 2019 … 6 January 2020 does not exist here; the one starting 29 December 2020 is 2020's.
  const Step straddling = weekly.step_of(Date::parse("2020-12-31"));
  ASSERT_EQ(weekly.first_day(straddling).iso(), "2020-12-29");
  EXPECT_EQ(steps_in(weekly, run_steps, Period::parse("2020")).end, straddling + 1);
  EXPECT_EQ(steps_in(weekly, run_steps, Period::parse("2021")).begin, straddling + 1);

  // A span starting mid-step takes the steps whose first day it holds.
  const auto span = steps_in(weekly, run_steps, Period::parse("2020-01-08:2020-01-21"));
  EXPECT_EQ(span.begin, 1);
  EXPECT_EQ(span.end, 3);
}

TEST(Period, calendar_periods_partition_the_run) {
  for (const PeriodLength length : {PeriodLength::year, PeriodLength::quarter, PeriodLength::month}) {
    const auto periods = calendar_periods(weekly, run_steps, length);
    Step next = 0;
    for (const auto& period : periods) {
      const auto steps = steps_in(weekly, run_steps, period);
      EXPECT_EQ(steps.begin, next) << period.label;
      EXPECT_FALSE(steps.empty()) << period.label;
      next = steps.end;
    }
    EXPECT_EQ(next, run_steps);
  }
  const auto years = calendar_periods(weekly, run_steps, PeriodLength::year);
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[0].label, "2020");
  EXPECT_EQ(years[1].label, "2021");
  EXPECT_EQ(calendar_periods(weekly, run_steps, PeriodLength::quarter).size(), 8u);
  EXPECT_EQ(calendar_periods(weekly, run_steps, PeriodLength::month).front().label, "2020-01");
}

TEST(Period, calendar_periods_within_a_window_are_cut_to_it) {
  const auto quarters = calendar_periods(weekly, run_steps, PeriodLength::quarter, Period::parse("2020-05-15:2020-12-31"));
  ASSERT_EQ(quarters.size(), 3u);
  EXPECT_EQ(quarters[0].label, "2020-Q2");
  EXPECT_EQ(quarters[0].first.iso(), "2020-05-15");
  EXPECT_EQ(quarters[2].last.iso(), "2020-12-31");
  EXPECT_TRUE(calendar_periods(weekly, run_steps, PeriodLength::year, Period::parse("2030")).empty());
}

TEST(Period, reporting_periods_start_with_the_window_and_refuse_one_outside_the_run) {
  const Period run{"run", Date::parse("2020-01-07"), Date::parse("2021-12-31")};
  const auto whole = emile::sim::reporting_periods(weekly, run_steps, run, std::nullopt, std::nullopt);
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].label, "run");
  const auto years = emile::sim::reporting_periods(weekly, run_steps, run, std::nullopt, PeriodLength::year);
  ASSERT_EQ(years.size(), 3u);
  EXPECT_EQ(years[2].label, "2021");
  const auto within = emile::sim::reporting_periods(weekly, run_steps, run, Period::parse("2021"), PeriodLength::quarter);
  ASSERT_EQ(within.size(), 5u);
  EXPECT_EQ(within[0].label, "2021");
  EXPECT_EQ(within[1].label, "2021-Q1");
  try {
    emile::sim::reporting_periods(weekly, run_steps, run, Period::parse("2019"), std::nullopt);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2020-01-07 to 2021-12-31"), std::string::npos) << e.what();
  }
}
