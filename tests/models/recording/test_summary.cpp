// The headline outcomes of a replication: their names in a fixed order, each value the total of its flow in the
// RunRecord, the share of moved households that visited, the costs of cost.hpp, and the date of the first visit.
#include "emile/models/recording/summary.hpp"
#include "emile/models/recording/cost.hpp"
#include "emile/models/ensemble/ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace {

using namespace emile;
using models::Stage;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

const std::vector<std::string> cost_names = {"cost_mobility_aid_eur",    "cost_gross_eur",         "cost_avoided_eur",
                                             "cost_net_eur",             "cost_gross_per_moved_eur", "cost_net_per_moved_eur",
                                             "cost_gross_per_settled_eur", "cost_net_per_settled_eur"};

// Equal, NaN included.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// A record of `steps` steps and `rows` rows in which nothing happened, for `households` one-adult households.
models::RunRecord empty_record(sim::Step steps, std::size_t rows, std::size_t households) {
  models::RunRecord record;
  record.steps = steps;
  record.rows = rows;
  record.values.assign(models::metric_names().size() * static_cast<std::size_t>(steps) * rows, 0);
  record.households.assign(households, models::HouseholdRecord{{}, Stage::eligible, 0, 0, false, false, false, models::none});
  return record;
}

// Three replications of the pilot, seed 9.
class PilotSummaries : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    result_ = new models::EnsembleResult(models::run_ensemble(pilot(), {.seed = 9, .replications = 3, .threads = 2}));
  }
  static void TearDownTestSuite() { delete result_; }
  static models::EnsembleResult* result_;
};
models::EnsembleResult* PilotSummaries::result_ = nullptr;

}  // namespace

TEST_F(PilotSummaries, names_every_flow_then_the_visit_share_then_the_outcomes_then_the_costs_in_a_fixed_order) {
  std::vector<std::string> expected;
  for (Stage stage : models::flow_stages) {
    expected.push_back(std::string(name(stage)) + "_households");
    expected.push_back(std::string(name(stage)) + "_persons");
  }
  expected.push_back("visited_share_of_moved");
  for (const char* mark : {"follow_up_end", "month_12"}) {
    for (const char* outcome : {"employed", "housed", "returned", "censored"}) expected.push_back(std::string(mark) + "_" + outcome + "_households");
    for (const char* outcome : {"employed", "housed", "returned"}) expected.push_back(std::string(mark) + "_" + outcome + "_share");
  }
  expected.insert(expected.end(), cost_names.begin(), cost_names.end());
  for (const auto& run : result_->runs) {
    const auto summary = models::summarise(run, result_->scenario);
    EXPECT_EQ(summary.names, expected) << "replication " << run.replication;
    EXPECT_EQ(summary.values.size(), summary.names.size());
  }
}

TEST_F(PilotSummaries, each_flow_outcome_is_the_records_total) {
  for (const auto& run : result_->runs) {
    const auto summary = models::summarise(run, result_->scenario);
    for (Stage stage : models::flow_stages) {
      for (const char* unit : {"_households", "_persons"}) {
        const std::string outcome = std::string(name(stage)) + unit;
        EXPECT_EQ(summary[outcome], run.total(models::metric_index(outcome))) << outcome;
      }
    }
    EXPECT_GT(summary["moved_households"], 0.0);
  }
}

TEST_F(PilotSummaries, the_visit_share_counts_the_moved_households_that_visited) {
  bool some_visited = false;
  for (const auto& run : result_->runs) {
    double moved = 0, visited = 0;
    for (const auto& h : run.households) {
      if (h.final_stage == Stage::moved || h.final_stage == Stage::settled || h.final_stage == Stage::returned) {
        ++moved;
        visited += h.visited ? 1 : 0;
      }
    }
    ASSERT_GT(moved, 0.0);
    const double share = models::summarise(run, result_->scenario)["visited_share_of_moved"];
    EXPECT_DOUBLE_EQ(share, visited / moved);
    EXPECT_GE(share, 0.0);
    EXPECT_LE(share, 1.0);
    some_visited = some_visited || visited > 0;
  }
  EXPECT_TRUE(some_visited);
}

TEST_F(PilotSummaries, the_cost_outcomes_are_those_of_the_cost_breakdown) {
  for (const auto& run : result_->runs) {
    const auto summary = models::summarise(run, result_->scenario);
    const auto c = models::cost(run, result_->scenario);
    const std::vector<double> expected = {c.mobility_aid_eur,    c.gross_eur,           c.avoided_eur,         c.net_eur,
                                          c.gross_per_moved_eur, c.net_per_moved_eur,   c.gross_per_settled_eur,
                                          c.net_per_settled_eur};
    for (std::size_t i = 0; i < cost_names.size(); ++i) {
      EXPECT_TRUE(same(summary[cost_names[i]], expected[i])) << cost_names[i] << ": " << summary[cost_names[i]] << " vs " << expected[i];
    }
    EXPECT_GT(summary["cost_gross_eur"], 0.0);
  }
}

TEST_F(PilotSummaries, the_first_visit_date_is_the_recorded_date_of_the_first_immersion) {
  for (const auto& run : result_->runs) {
    sim::Step first = -1;
    for (const auto& t : run.transitions) {
      if (t.to == Stage::immersed && (first < 0 || t.step < first)) first = t.step;
    }
    ASSERT_GE(first, 0) << "replication " << run.replication;
    // The recorded date of a step, as the results' time series give it.
    EXPECT_EQ(models::summarise(run, result_->scenario).first_visit_date, result_->dates.at(static_cast<std::size_t>(first)));
  }
}

TEST_F(PilotSummaries, an_unknown_outcome_is_refused) {
  const auto summary = models::summarise(result_->runs.front(), result_->scenario);
  EXPECT_THROW(summary["moved"], std::out_of_range);
  EXPECT_THROW(summary["eligible_households"], std::out_of_range);
  EXPECT_THROW(summary["first_visit_date"], std::out_of_range);  // a text, not an outcome
}

TEST(Summary, a_run_without_moves_or_visits_has_no_visit_share_nor_first_visit) {
  const auto scenario = pilot();
  auto record = empty_record(4, 1 + scenario.territories.size(), 5);
  // Two households enrol at the origin in step 1, nothing more.
  record.transitions = {{0, 0, Stage::eligible, Stage::referred, 0},
                        {1, 0, Stage::referred, Stage::enrolled, 0},
                        {1, 3, Stage::eligible, Stage::referred, 0}};
  record.values[(models::metric_index("referred_households") * 4 + 0) * record.rows] = 1;
  record.values[(models::metric_index("referred_households") * 4 + 1) * record.rows] = 1;
  record.values[(models::metric_index("enrolled_households") * 4 + 1) * record.rows] = 1;
  const auto summary = models::summarise(record, scenario);
  EXPECT_EQ(summary["referred_households"], 2.0);
  EXPECT_EQ(summary["enrolled_households"], 1.0);
  EXPECT_EQ(summary["moved_households"], 0.0);
  EXPECT_EQ(summary["visited_share_of_moved"], 0.0);
  EXPECT_EQ(summary.first_visit_date, "");
  EXPECT_TRUE(std::isnan(summary["cost_gross_per_moved_eur"]));
  EXPECT_TRUE(std::isnan(summary["cost_net_per_settled_eur"]));
}
