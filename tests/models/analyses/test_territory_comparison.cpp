#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/models/recording/recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace {

using namespace emile;

// The pilot (June 2019 to June 2020, weekly) and a variant with more reserved housing, 6 paired replications.
struct Pair {
  models::EnsembleResult base, variant;
};

const Pair& pilot_pair() {
  static const Pair pair = [] {
    const auto file = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml";
    const auto base = models::load_scenario(file);
    const auto variant =
        models::load_scenario(file, {{"territory.49.reserved_dwellings", "20"}, {"territory.76.reserved_dwellings", "20"}});
    const models::RunOptions options{.seed = 5, .replications = 6, .threads = 2};
    return Pair{models::run_ensemble(base, options), models::run_ensemble(variant, options)};
  }();
  return pair;
}

std::vector<models::TerritoryComparison> by_quarter() {
  const auto& pair = pilot_pair();
  return models::compare_by_territory(pair.base, pair.variant,
                                      models::comparison_periods(pair.base.scenario, std::nullopt, sim::PeriodLength::quarter));
}

}  // namespace

TEST(TerritoryComparison, territories_sum_to_the_programme_in_every_period_and_flow) {
  // (period, outcome) → sums over the territory rows, and the programme's row.
  std::map<std::pair<std::string, std::string>, std::array<double, 3>> sums, programme;
  for (const auto& row : by_quarter()) {
    auto& target = row.territory == "all" ? programme[{row.period.label, row.outcome}] : sums[{row.period.label, row.outcome}];
    target[0] += row.estimate.base_mean;
    target[1] += row.estimate.variant_mean;
    target[2] += row.estimate.difference.mean;
  }
  ASSERT_EQ(sums.size(), programme.size());
  for (const auto& [key, total] : programme) {
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(sums[key][i], total[i], 1e-9 * (1 + std::abs(total[i]))) << key.first << " " << key.second;
  }
}

TEST(TerritoryComparison, the_quarters_partition_the_run_and_the_run_row_is_the_whole_total) {
  const auto rows = by_quarter();
  const auto& pair = pilot_pair();
  std::map<std::string, double> whole, quarters;  // territory → moved, base side
  for (const auto& row : rows) {
    if (row.outcome != "moved_households") continue;
    (row.period.label == "run" ? whole : quarters)[row.territory] += row.estimate.base_mean;
  }
  for (const auto& [territory, moved] : whole) EXPECT_DOUBLE_EQ(quarters[territory], moved) << territory;
  double total = 0;
  for (const auto& run : pair.base.runs) total += run.total(models::metric_index("moved_households"));
  EXPECT_DOUBLE_EQ(whole["all"], total / static_cast<double>(pair.base.runs.size()));
  // 2019-06-14 to 2020-06-30: the run, then 2019-Q2 … 2020-Q2.
  EXPECT_EQ(rows.front().period.label, "run");
  EXPECT_EQ(rows.back().period.label, "2020-Q2");
}

TEST(TerritoryComparison, ratios_need_something_on_both_sides) {
  for (const auto& row : by_quarter()) {
    const auto& e = row.estimate;
    if (e.base_mean > 0 && e.variant_mean > 0) {
      EXPECT_GT(e.ratio.low, 0.0) << row.territory << " " << row.outcome;
      EXPECT_LE(e.ratio.low, e.ratio.mean);
      EXPECT_GE(e.ratio.high, e.ratio.mean);
    } else {
      EXPECT_TRUE(std::isnan(e.ratio.mean)) << row.territory << " " << row.outcome;
    }
  }
}

TEST(TerritoryComparison, a_window_outside_the_run_is_refused_naming_the_run) {
  const auto& scenario = pilot_pair().base.scenario;
  try {
    models::comparison_periods(scenario, sim::Period::parse("2022"), std::nullopt);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2019-06-14"), std::string::npos) << e.what();
  }
}

TEST(TerritoryComparison, matches_territories_by_code_when_the_variant_has_others) {
  const auto& pair = pilot_pair();
  auto fewer = pair.base.scenario;
  fewer.territories.erase(fewer.territories.begin());  // without Cantal (15)
  const auto variant = models::run_ensemble(fewer, {.seed = 5, .replications = 6, .threads = 2});
  const auto rows = models::compare_by_territory(
      pair.base, variant, models::comparison_periods(pair.base.scenario, std::nullopt, std::nullopt));
  for (const auto& row : rows) {
    if (row.territory == "15") {
      EXPECT_EQ(row.estimate.variant_mean, 0.0) << row.outcome;  // Cantal is not on the variant's side
      EXPECT_EQ(row.name, "Cantal");
    }
  }
  const auto moved = std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.outcome == "moved_households"; });
  EXPECT_EQ(moved, 1 + 1 + 6);  // the programme, the origin and the base's six hosts
}
