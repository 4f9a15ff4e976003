#include "emile/models/analyses/sweep.hpp"

#include <gtest/gtest.h>

using namespace emile;

TEST(Sweep, spans_the_product_of_its_axes_last_axis_fastest) {
  const models::Sweep sweep({models::SweepAxis::parse("origin.caseworkers=5,10,20"),
                             models::SweepAxis::parse("matching.mechanism=\"greedy\",\"optimal\"")});
  ASSERT_EQ(sweep.size(), 6u);
  const auto first = sweep.point(0);
  EXPECT_EQ(first[0].key, "origin.caseworkers");
  EXPECT_EQ(first[0].value, "5");
  EXPECT_EQ(first[1].value, "\"greedy\"");
  EXPECT_EQ(sweep.point(1)[1].value, "\"optimal\"");
  EXPECT_EQ(sweep.point(5)[0].value, "20");
  EXPECT_EQ(sweep.point(5)[1].value, "\"optimal\"");
  EXPECT_THROW(sweep.point(6), std::out_of_range);
}

TEST(Sweep, rejects_malformed_axes_naming_them) {
  EXPECT_THROW(models::SweepAxis::parse("origin.caseworkers"), sim::ScenarioError);
  EXPECT_THROW(models::SweepAxis::parse("=1,2"), sim::ScenarioError);
  EXPECT_THROW(models::SweepAxis::parse("origin.caseworkers=1,,2"), sim::ScenarioError);
  try {
    models::SweepAxis::parse("origin.caseworkers=");
    ADD_FAILURE();
  } catch (const sim::ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "--vary origin.caseworkers=: no values");
  }
  EXPECT_THROW(models::Sweep({}), std::invalid_argument);
}
