#include "emile/models/analyses/comparison.hpp"
#include "emile/models/recording/summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace {

using namespace emile;

models::Scenario pilot(std::vector<sim::Override> overrides = {}) {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides);
}

models::EnsembleResult run(const models::Scenario& scenario, std::uint64_t seed, int threads = 2) {
  return models::run_ensemble(scenario, {.seed = seed, .replications = 10, .threads = threads});
}

const models::OutcomeComparison& find(const std::vector<models::OutcomeComparison>& rows, const std::string& outcome) {
  for (const auto& row : rows) {
    if (row.outcome == outcome) return row;
  }
  throw std::out_of_range(outcome);
}

}  // namespace

TEST(Comparison, pairs_replications_so_differences_vary_less_than_between_independent_runs) {
  const auto base = run(pilot(), 1);
  const auto variant = pilot({{"territory.49.reserved_dwellings", "20"}, {"territory.76.reserved_dwellings", "20"}});
  const auto paired = models::compare(base, run(variant, 1));
  // The same variant with other seeds: each difference then mixes two independent worlds.
  auto independent_variant = run(variant, 2);
  independent_variant.seed = base.seed;  // let compare() pair them anyway, to measure the unpaired variance
  const auto independent = models::compare(base, independent_variant);
  for (const char* outcome : {"moved_households", "withdrawn_households", "enrolled_households"}) {
    const double paired_variance = sim::variance(find(paired, outcome).paired_differences);
    const double independent_variance = sim::variance(find(independent, outcome).paired_differences);
    EXPECT_LT(paired_variance, independent_variance) << outcome;
  }
  EXPECT_GT(find(paired, "moved_households").estimate.difference.low, 0.0);  // more reserved housing: more moves
}

TEST(Comparison, finds_exactly_no_difference_between_a_scenario_and_itself) {
  const auto base = run(pilot(), 3);
  for (const auto& row : models::compare(base, run(pilot(), 3))) {
    // A share with no observed household (NaN) in some replication has no difference to take there.
    for (double d : row.paired_differences) EXPECT_TRUE(d == 0.0 || std::isnan(d)) << row.outcome;
    if (std::isnan(row.estimate.base_mean)) continue;
    EXPECT_EQ(row.estimate.difference.mean, 0.0) << row.outcome;
    EXPECT_EQ(row.estimate.difference.low, 0.0) << row.outcome;
    if (row.estimate.base_mean > 0) EXPECT_EQ(row.estimate.ratio.mean, 1.0) << row.outcome;
  }
}

TEST(Comparison, gives_the_same_numbers_for_any_thread_count) {
  const auto variant = pilot({{"origin.caseworkers", "5"}});
  const auto one = models::compare(run(pilot(), 4, 1), run(variant, 4, 1));
  const auto two = models::compare(run(pilot(), 4, 2), run(variant, 4, 2));
  ASSERT_EQ(one.size(), two.size());
  // Bit for bit, NaN included (a share with no observed household is NaN in both).
  const auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_TRUE(std::equal(one[i].paired_differences.begin(), one[i].paired_differences.end(),
                           two[i].paired_differences.begin(), two[i].paired_differences.end(), same))
        << one[i].outcome;
  }
}

TEST(Comparison, refuses_to_pair_different_seeds) {
  const auto a = models::run_ensemble(pilot(), {.seed = 1, .replications = 1});
  const auto b = models::run_ensemble(pilot(), {.seed = 2, .replications = 1});
  EXPECT_THROW(models::compare(a, b), std::invalid_argument);
}
