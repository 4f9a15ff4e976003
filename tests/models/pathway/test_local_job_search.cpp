// An unemployed resident's search of the local labour market (local_job_search.hpp).
#include "emile/models/pathway/local_job_search.hpp"

#include <gtest/gtest.h>

#include <cmath>

using emile::models::win_probability;

// Against N ~ Poisson(m) other applicants, one of 1 + N chosen at random: E[1 / (1 + N)] = (1 − e^(−m)) / m,
// checked against the series Σ P(N = n) / (1 + n).
TEST(LocalJobSearch, wins_against_a_poisson_number_of_applicants_at_the_expected_rate) {
  EXPECT_EQ(win_probability(0), 1.0);
  for (double m : {0.1, 1.0, 3.0, 12.0}) {
    double expected = 0, term = std::exp(-m);
    for (int n = 0; n < 200; ++n) {
      expected += term / (1 + n);
      term *= m / (n + 1);
    }
    EXPECT_NEAR(win_probability(m), expected, 1e-12) << m;
  }
  EXPECT_LT(win_probability(6), win_probability(3));  // more competitors, lower odds
}
