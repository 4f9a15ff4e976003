// Tests for emile/models/pathway/mobility_aid.hpp: who takes the driving course and the help to a car, how often
// the licence is obtained, how long the household waits, and that a household with a car draws nothing.
#include "emile/models/pathway/mobility_aid.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace emile;

models::MobilityAidSettings aid(double licence_take_up, double pass, double car_take_up) {
  models::MobilityAidSettings a;
  a.offered_at = models::AidOffer::enrolment;
  a.licence_take_up = licence_take_up;
  a.licence_pass_share = pass;
  a.licence_weeks = 16;
  a.car_take_up = car_take_up;
  return a;
}

models::HouseholdProfile profile(bool licence, bool car) {
  models::HouseholdProfile p;
  p.licence = licence;
  p.car = car;
  return p;
}

TEST(MobilityAid, a_course_taken_and_passed_gives_the_licence_after_its_weeks_then_the_car) {
  sim::RandomStream stream({1, 0}, 0, 0, 0);
  auto p = profile(false, false);
  const auto given = models::offer_mobility_aid(p, aid(1, 1, 1), stream);
  EXPECT_TRUE(given.licence_course);
  EXPECT_TRUE(given.car);
  EXPECT_DOUBLE_EQ(given.wait_weeks, 16);
  EXPECT_TRUE(p.licence);
  EXPECT_TRUE(p.car);
}

TEST(MobilityAid, a_failed_course_is_paid_and_waited_for_but_gives_neither_licence_nor_car) {
  sim::RandomStream stream({1, 0}, 0, 0, 0);
  auto p = profile(false, false);
  const auto given = models::offer_mobility_aid(p, aid(1, 0, 1), stream);
  EXPECT_TRUE(given.licence_course);
  EXPECT_FALSE(given.car);
  EXPECT_DOUBLE_EQ(given.wait_weeks, 16);
  EXPECT_FALSE(p.licence);
  EXPECT_FALSE(p.car);
}

TEST(MobilityAid, a_licence_holder_without_a_car_gets_only_the_car_and_waits_for_nothing) {
  sim::RandomStream stream({1, 0}, 0, 0, 0);
  auto p = profile(true, false);
  const auto given = models::offer_mobility_aid(p, aid(1, 1, 1), stream);
  EXPECT_FALSE(given.licence_course);
  EXPECT_TRUE(given.car);
  EXPECT_DOUBLE_EQ(given.wait_weeks, 0);
}

TEST(MobilityAid, a_household_with_a_car_is_given_nothing_and_draws_nothing) {
  sim::RandomStream stream({1, 0}, 0, 0, 0);
  sim::RandomStream untouched({1, 0}, 0, 0, 0);
  auto p = profile(true, true);
  const auto given = models::offer_mobility_aid(p, aid(1, 1, 1), stream);
  EXPECT_FALSE(given.licence_course || given.car);
  EXPECT_EQ(stream.uniform(), untouched.uniform());
}

// Over many households, the shares follow the declared take-up and pass shares within a binomial band: for n draws
// of probability p the count's standard deviation is √(n p (1 − p)); the band is 5 of them.
TEST(MobilityAid, take_up_and_pass_shares_follow_the_declared_shares) {
  const int n = 20'000;
  const auto settings = aid(0.7, 0.6, 0.5);
  int courses = 0, licences = 0, cars = 0;
  for (int i = 0; i < n; ++i) {
    sim::RandomStream stream({3, 0}, 0, static_cast<std::uint64_t>(i), 0);
    auto p = profile(false, false);
    const auto given = models::offer_mobility_aid(p, settings, stream);
    courses += given.licence_course;
    licences += p.licence;
    cars += given.car;
  }
  const auto band = [](double draws, double p) { return 5 * std::sqrt(draws * p * (1 - p)); };
  EXPECT_NEAR(courses, n * 0.7, band(n, 0.7));
  EXPECT_NEAR(licences, courses * 0.6, band(courses, 0.6));
  EXPECT_NEAR(cars, licences * 0.5, band(licences, 0.5));
}

}  // namespace
