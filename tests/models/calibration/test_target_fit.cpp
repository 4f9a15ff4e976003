#include "emile/models/calibration/target_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

namespace {

using namespace emile;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

// An empty record of the pilot's first ten weeks (rows: Île-de-France, then the six territories).
models::RunRecord record_of(const models::Scenario& scenario, sim::Step steps = 10) {
  models::RunRecord record;
  record.steps = steps;
  record.rows = 1 + scenario.territories.size();
  record.values.assign(models::metric_names().size() * static_cast<std::size_t>(steps) * record.rows, 0);
  return record;
}

void set(models::RunRecord& record, const std::string& metric, sim::Step step, std::size_t row, std::int64_t value) {
  record.values[(models::metric_index(metric) * static_cast<std::size_t>(record.steps) + static_cast<std::size_t>(step)) *
                    record.rows + row] = value;
}

models::Targets targets_of(const std::string& text, const models::Scenario& scenario) {
  return models::read_targets(text, "targets.toml", scenario);
}

}  // namespace

TEST(TargetFit, counts_add_every_row_over_the_steps_up_to_the_one_holding_the_date) {
  const auto scenario = pilot();
  auto record = record_of(scenario);
  set(record, "enrolled_households", 0, 0, 10);
  set(record, "enrolled_households", 5, 0, 7);   // 2019-07-19 to 07-25: counted by 07-25
  set(record, "enrolled_households", 6, 0, 100); // 2019-07-26 on: not counted
  set(record, "moved_persons", 2, 3, 4);
  set(record, "moved_persons", 3, 1, 2);
  const auto targets = targets_of(R"(
[[target]]
name = "enrolled"
flow = "enrolled"
date = 2019-07-25
value = 20
tolerance = 4
source = "s"
[[target]]
name = "moved-persons-in-46"
flow = "moved"
unit = "persons"
territory = "46"
date = 2019-08-01
value = 0
tolerance = 2
source = "s"
)", scenario);
  const auto values = models::simulated_values(targets, scenario, record);
  EXPECT_EQ(values, (std::vector<double>{17, 4}));  // territory 46 is the third: row 3
  // Errors (17 − 20) / 4 and (4 − 0) / 2, combined by each norm.
  EXPECT_DOUBLE_EQ(models::target_distance(targets, scenario, values), std::sqrt(0.75 * 0.75 + 2.0 * 2.0));
  auto manhattan = targets;
  manhattan.distance.norm = models::DistanceNorm::manhattan;
  EXPECT_DOUBLE_EQ(models::target_distance(manhattan, scenario, values), 2.75);
  manhattan.distance.norm = models::DistanceNorm::maximum;
  EXPECT_DOUBLE_EQ(models::target_distance(manhattan, scenario, values), 2.0);
}

TEST(TargetFit, a_first_entry_is_dated_by_its_step_and_censored_after_the_record) {
  const auto scenario = pilot();
  auto record = record_of(scenario, 6);
  const auto targets = targets_of(R"(
[[target]]
name = "first"
statistic = "first"
flow = "immersed"
territory = "15"
date = 2019-07-25
tolerance = 7
source = "s"
)", scenario);
  // None in the record (six weeks, to 2019-07-25): the day after its last.
  EXPECT_EQ(models::simulated_values(targets, scenario, record), (std::vector<double>{42}));
  set(record, "immersed_households", 4, 2, 1);  // in territory 25: not territory 15's
  EXPECT_EQ(models::simulated_values(targets, scenario, record), (std::vector<double>{42}));
  set(record, "immersed_households", 3, 1, 1);  // step 3 ends on 2019-07-11, 27 days after the start
  const auto values = models::simulated_values(targets, scenario, record);
  EXPECT_EQ(values, (std::vector<double>{27}));
  EXPECT_DOUBLE_EQ(models::target_distance(targets, scenario, values), 2.0);  // 14 days early, tolerance 7
}

TEST(TargetFit, medians_and_shares_of_no_household_show_nothing_and_reject) {
  const auto scenario = pilot();
  auto record = record_of(scenario);
  const auto targets = targets_of(R"(
[[target]]
name = "wait"
statistic = "median_days"
since = "referred"
flow = "enrolled"
date = 2019-08-15
value = 14
tolerance = 7
source = "s"
[[target]]
name = "share"
statistic = "share"
flow = "withdrawn"
of = "enrolled"
date = 2019-08-15
value = 0.1
tolerance = 0.05
source = "s"
)", scenario);
  auto values = models::simulated_values(targets, scenario, record);
  EXPECT_TRUE(std::isnan(values[0]));
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_EQ(models::target_distance(targets, scenario, values), std::numeric_limits<double>::infinity());

  using models::Stage;
  // Household 0: referred at step 0, enrolled at step 2 (14 days); 1: referred at 1, enrolled at 5 (28 days);
  // 2: enrolled at step 9, after the date (2019-08-15 is in step 8). Median of 14 and 28: 21.
  record.transitions = {{0, 0, Stage::eligible, Stage::referred, 0}, {1, 1, Stage::eligible, Stage::referred, 0},
                        {1, 2, Stage::eligible, Stage::referred, 0}, {2, 0, Stage::referred, Stage::enrolled, 0},
                        {5, 1, Stage::referred, Stage::enrolled, 0}, {9, 2, Stage::referred, Stage::enrolled, 0}};
  set(record, "enrolled_households", 2, 0, 1);
  set(record, "enrolled_households", 5, 0, 1);
  set(record, "enrolled_households", 9, 0, 1);
  set(record, "withdrawn_households", 4, 0, 1);
  values = models::simulated_values(targets, scenario, record);
  EXPECT_EQ(values, (std::vector<double>{21, 0.5}));
}
