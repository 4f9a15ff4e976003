// Tests for emile/models/agents/household.hpp: a profile's attributes follow the declared distributions.
#include "emile/models/agents/household.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace {

using namespace emile;

}  // namespace

TEST(Household, draws_its_housing_situation_by_the_declared_weights) {
  // 40,000 profiles of seed 3: each situation's count is within 5 binomial standard deviations of its share of
  // the weights (which need not sum to 1).
  auto settings = models::scenario_schema().defaults().households;
  settings.situation_weights = {2, 1, 0, 1};
  constexpr std::uint32_t profiles = 40'000;
  std::array<double, 4> counts{};
  for (std::uint32_t id = 0; id < profiles; ++id) {
    counts[static_cast<std::size_t>(models::draw_profile(settings, {3, 0}, id).situation)] += 1;
  }
  for (std::size_t s = 0; s < counts.size(); ++s) {
    const double share = settings.situation_weights[s] / 4;
    EXPECT_NEAR(counts[s], profiles * share, 5 * std::sqrt(profiles * share * (1 - share)) + 1e-9) << s;
  }
}
