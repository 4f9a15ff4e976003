#include "emile/models/analyses/binding_constraint.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using emile::models::binding_verdict;

namespace {

// Gains of a resource that adds nothing: noise around 0, replication by replication.
const std::vector<double> nothing = {0.4, -0.3, 0.1, -0.5, 0.2, 0.0, -0.1, 0.3};

}  // namespace

TEST(BindingConstraint, names_a_resource_that_clearly_binds) {
  const std::vector<double> clear = {5.1, 6.0, 4.8, 5.5, 6.2, 5.0, 5.7, 5.3};
  const auto verdict = binding_verdict({nothing, clear, nothing, nothing});
  EXPECT_EQ(verdict.binding, 1u);
  EXPECT_EQ(verdict.top, 1u);
  EXPECT_LT(verdict.holm_p_values[1], 0.05);
  EXPECT_FALSE(verdict.replications_to_separate);
}

TEST(BindingConstraint, names_nothing_when_two_resources_tie) {
  const std::vector<double> gain = {5.1, 6.0, 4.8, 5.5, 6.2, 5.0, 5.7, 5.3};
  const auto verdict = binding_verdict({gain, nothing, gain});
  EXPECT_EQ(verdict.binding, 3u);  // none
  EXPECT_LT(verdict.holm_p_values[0], 0.05);  // both gain, significantly, the same
  EXPECT_FALSE(verdict.replications_to_separate);  // no number of replications separates equal gains
}

TEST(BindingConstraint, says_how_many_replications_would_separate_a_near_tie) {
  const std::vector<double> first = {5.6, 6.4, 5.1, 6.0, 6.5, 5.2, 6.3, 5.5};
  const std::vector<double> second = {5.4, 5.7, 5.3, 5.4, 6.4, 5.3, 5.9, 5.1};
  const auto verdict = binding_verdict({second, first});
  EXPECT_EQ(verdict.binding, 2u);
  EXPECT_EQ(verdict.top, 1u);
  EXPECT_EQ(verdict.runner_up, 0u);
  ASSERT_TRUE(verdict.replications_to_separate);
  EXPECT_GT(*verdict.replications_to_separate, first.size());
  // At that many replications, with the same spread, the interval of the difference excludes 0: run them.
  std::vector<double> more_first, more_second;
  while (more_first.size() < *verdict.replications_to_separate) {
    more_first.insert(more_first.end(), first.begin(), first.end());
    more_second.insert(more_second.end(), second.begin(), second.end());
  }
  EXPECT_EQ(binding_verdict({more_second, more_first}).binding, 1u);
}

TEST(BindingConstraint, corrects_for_the_number_of_resources_tested) {
  // p = 0.011 alone (t = 3.44 on 7 degrees of freedom) is significant; among ten resources it is not (Holm: 10 p).
  const std::vector<double> modest = {1.2, -0.2, 0.9, 0.3, 1.4, 0.2, 0.8, 0.6};
  EXPECT_EQ(binding_verdict({modest}).binding, 0u);
  std::vector<std::vector<double>> ten(9, nothing);
  ten.push_back(modest);
  const auto verdict = binding_verdict(ten);
  EXPECT_LT(verdict.p_values[9], 0.05);
  EXPECT_GE(verdict.holm_p_values[9], 0.05);
  EXPECT_EQ(verdict.binding, 10u);
}

TEST(BindingConstraint, names_nothing_from_a_single_replication) {
  const auto verdict = binding_verdict({{3.0}, {1.0}});
  EXPECT_EQ(verdict.binding, 2u);
  EXPECT_TRUE(std::isnan(verdict.p_values[0]));
  EXPECT_FALSE(verdict.replications_to_separate);
}

TEST(BindingConstraint, leaves_units_never_used_out_of_the_correction) {
  // The modest gain above stays significant beside nine resources that gain exactly 0 in every replication.
  const std::vector<double> modest = {1.2, -0.2, 0.9, 0.3, 1.4, 0.2, 0.8, 0.6};
  std::vector<std::vector<double>> gains(9, std::vector<double>(8, 0.0));
  gains.push_back(modest);
  const auto verdict = binding_verdict(gains);
  EXPECT_EQ(verdict.tested, 1u);
  EXPECT_EQ(verdict.holm_p_values[9], verdict.p_values[9]);
  EXPECT_EQ(verdict.holm_p_values[0], 1.0);
  EXPECT_EQ(verdict.binding, 9u);
}
