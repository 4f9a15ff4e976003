// The recorder: the names and order of the per-step metrics, what a RunRecord holds after a run (flows are the
// stage changes of the event log, stocks the households in each stage, totals the sums over steps and rows), and
// the save/restore round trip of a record and of a recorder in the middle of a run.
#include "emile/models/recording/recorder.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/sim/archive.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <tuple>

namespace {

using namespace emile;
using models::Stage;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

std::size_t metric(const std::string& name) { return models::metric_index(name); }

std::string flow_name(Stage stage, const char* unit) { return std::string(name(stage)) + "_" + unit; }
std::string stock_name(Stage stage, const char* unit) { return "in_" + std::string(name(stage)) + "_" + unit; }

// One replication of a scenario with its recorder, stepped by hand as run_ensemble does.
struct Replication {
  sim::Executor executor{2};
  std::shared_ptr<const models::Geography> geography;
  std::unique_ptr<models::Simulation> simulation;
  std::unique_ptr<models::Recorder> recorder;

  Replication(const models::Scenario& scenario, std::uint64_t seed, std::uint32_t replication)
      : geography(std::make_shared<const models::Geography>(models::build_geography(scenario, executor))),
        simulation(std::make_unique<models::Simulation>(scenario, geography, seed, replication, executor)),
        recorder(std::make_unique<models::Recorder>(*simulation)) {}

  void run_until(sim::Step step) {
    while (simulation->next_step() < step) {
      simulation->step();
      recorder->observe(*simulation);
    }
  }
  models::RunRecord finish() {
    run_until(simulation->steps());
    return recorder->finish(*simulation);
  }
};

void expect_equal_records(const models::RunRecord& a, const models::RunRecord& b) {
  EXPECT_EQ(a.replication, b.replication);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.values, b.values);
  ASSERT_EQ(a.transitions.size(), b.transitions.size());
  for (std::size_t i = 0; i < a.transitions.size(); ++i) {
    const auto& s = a.transitions[i];
    const auto& t = b.transitions[i];
    EXPECT_EQ(std::tie(s.step, s.household, s.from, s.to, s.territory_row), std::tie(t.step, t.household, t.from, t.to, t.territory_row))
        << "transition " << i;
  }
  ASSERT_EQ(a.households.size(), b.households.size());
  for (std::size_t i = 0; i < a.households.size(); ++i) {
    const auto& x = a.households[i];
    const auto& y = b.households[i];
    EXPECT_EQ(std::tie(x.profile.adults, x.profile.children, x.profile.skill, x.profile.qualification, x.profile.licence,
                       x.profile.car, x.profile.situation, x.profile.motivation, x.profile.rural_preference, x.final_stage,
                       x.territory_row, x.visited, x.home_commune),
              std::tie(y.profile.adults, y.profile.children, y.profile.skill, y.profile.qualification, y.profile.licence,
                       y.profile.car, y.profile.situation, y.profile.motivation, y.profile.rural_preference, y.final_stage,
                       y.territory_row, y.visited, y.home_commune))
        << "household " << i;
  }
  ASSERT_EQ(a.jobs.size(), b.jobs.size());
  for (std::size_t i = 0; i < a.jobs.size(); ++i) {
    const auto& s = a.jobs[i];
    const auto& t = b.jobs[i];
    EXPECT_EQ(std::tie(s.household, s.territory_row, s.employer, s.contract, s.start, s.end, s.reason),
              std::tie(t.household, t.territory_row, t.employer, t.contract, t.start, t.end, t.reason))
        << "job " << i;
  }
}

// The pilot, seed 17, replication 1: recorded once for the whole suite.
class RecordedPilot : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scenario_ = new models::Scenario(pilot());
    Replication run(*scenario_, 17, 1);
    record_ = new models::RunRecord(run.finish());
  }
  static void TearDownTestSuite() {
    delete record_;
    delete scenario_;
  }
  static models::Scenario* scenario_;
  static models::RunRecord* record_;
};
models::Scenario* RecordedPilot::scenario_ = nullptr;
models::RunRecord* RecordedPilot::record_ = nullptr;

}  // namespace

TEST(Recorder, names_every_flow_then_every_stock_then_the_resources_each_once) {
  const auto& names = models::metric_names();
  std::size_t i = 0;
  for (Stage stage : models::flow_stages) {
    EXPECT_EQ(names.at(i++), flow_name(stage, "households"));
    EXPECT_EQ(names.at(i++), flow_name(stage, "persons"));
  }
  for (Stage stage : models::all_stages) EXPECT_EQ(names.at(i++), stock_name(stage, "households"));
  for (Stage stage : models::all_stages) EXPECT_EQ(names.at(i++), stock_name(stage, "persons"));
  // Then the resource levels, ResourceLevels' nine fields.
  ASSERT_EQ(names.size(), i + 9);
  EXPECT_EQ(names[i], "caseworkers");
  EXPECT_EQ(names.back(), "reserved_dwellings");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

TEST(Recorder, metric_index_is_the_position_in_metric_names_and_refuses_an_unknown_name) {
  const auto& names = models::metric_names();
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(models::metric_index(names[i]), i) << names[i];
  EXPECT_THROW(models::metric_index("eligible_households"), std::out_of_range);  // eligible has no flow
  EXPECT_THROW(models::metric_index("moved"), std::out_of_range);
  EXPECT_THROW(models::metric_index(""), std::out_of_range);
}

TEST_F(RecordedPilot, holds_one_value_per_metric_step_and_territory_row) {
  const auto& r = *record_;
  EXPECT_EQ(r.replication, 1u);
  const sim::Clock clock(scenario_->run.start_date, static_cast<int>(scenario_->run.step_days));
  EXPECT_EQ(r.steps, clock.steps_until(scenario_->run.end_date));
  EXPECT_EQ(r.rows, 1 + scenario_->territories.size());
  EXPECT_EQ(r.values.size(), models::metric_names().size() * static_cast<std::size_t>(r.steps) * r.rows);
  // The pool: the eligible households and those referred before the launch.
  EXPECT_EQ(r.households.size(),
            static_cast<std::size_t>(scenario_->origins.front().eligible_households + scenario_->origins.front().initial_referred));
  // value() reads the metric-major layout.
  const std::size_t m = metric("moved_households");
  const sim::Step s = r.steps - 1;
  EXPECT_EQ(r.value(m, s, 2), r.values[(m * static_cast<std::size_t>(r.steps) + static_cast<std::size_t>(s)) * r.rows + 2]);
}

TEST_F(RecordedPilot, flows_are_the_stage_changes_of_the_event_log) {
  const auto& r = *record_;
  // (step, row, stage entered) -> households, persons
  std::map<std::tuple<sim::Step, std::size_t, Stage>, std::pair<std::int64_t, std::int64_t>> entries;
  for (const auto& t : r.transitions) {
    auto& e = entries[{t.step, static_cast<std::size_t>(t.territory_row), t.to}];
    ++e.first;
    e.second += r.households.at(t.household).profile.persons();
  }
  std::int64_t checked = 0;
  for (sim::Step s = 0; s < r.steps; ++s) {
    for (std::size_t row = 0; row < r.rows; ++row) {
      for (Stage stage : models::flow_stages) {
        const auto it = entries.find({s, row, stage});
        const auto expected = it == entries.end() ? std::pair<std::int64_t, std::int64_t>{0, 0} : it->second;
        ASSERT_EQ(r.value(metric(flow_name(stage, "households")), s, row), expected.first)
            << name(stage) << " step " << s << " row " << row;
        ASSERT_EQ(r.value(metric(flow_name(stage, "persons")), s, row), expected.second)
            << name(stage) << " step " << s << " row " << row;
        checked += expected.first;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<std::int64_t>(r.transitions.size()));
  EXPECT_GT(r.total(metric("moved_households")), 0.0);  // the run reached the move: the check is not vacuous
}

TEST_F(RecordedPilot, stocks_are_the_households_in_each_stage_where_their_last_change_put_them) {
  const auto& r = *record_;
  // Replay the event log: a household stays in the row of its last stage change (the origin before any).
  std::vector<Stage> stage(r.households.size(), Stage::eligible);
  std::vector<std::size_t> row_of(r.households.size(), 0);
  std::size_t next = 0;
  for (sim::Step s = 0; s < r.steps; ++s) {
    for (; next < r.transitions.size() && r.transitions[next].step == s; ++next) {
      const auto& t = r.transitions[next];
      stage[t.household] = t.to;
      row_of[t.household] = static_cast<std::size_t>(t.territory_row);
    }
    std::map<std::pair<Stage, std::size_t>, std::pair<std::int64_t, std::int64_t>> counts;
    for (std::size_t h = 0; h < stage.size(); ++h) {
      auto& c = counts[{stage[h], row_of[h]}];
      ++c.first;
      c.second += r.households[h].profile.persons();
    }
    for (std::size_t row = 0; row < r.rows; ++row) {
      for (Stage st : models::all_stages) {
        const auto it = counts.find({st, row});
        const auto expected = it == counts.end() ? std::pair<std::int64_t, std::int64_t>{0, 0} : it->second;
        ASSERT_EQ(r.value(metric(stock_name(st, "households")), s, row), expected.first)
            << name(st) << " step " << s << " row " << row;
        ASSERT_EQ(r.value(metric(stock_name(st, "persons")), s, row), expected.second)
            << name(st) << " step " << s << " row " << row;
      }
    }
  }
  EXPECT_EQ(next, r.transitions.size());  // the log is in step order and within the run
  // The last step's stocks are the households' final stages and rows.
  for (std::size_t h = 0; h < r.households.size(); ++h) {
    EXPECT_EQ(stage[h], r.households[h].final_stage) << "household " << h;
    if (r.households[h].territory_row > 0) EXPECT_EQ(row_of[h], static_cast<std::size_t>(r.households[h].territory_row));
  }
}

TEST_F(RecordedPilot, totals_sum_a_metric_over_steps_and_then_over_rows) {
  const auto& r = *record_;
  for (const char* name : {"moved_households", "enrolled_persons", "caseworkers", "in_eligible_households"}) {
    const std::size_t m = metric(name);
    double all = 0;
    for (std::size_t row = 0; row < r.rows; ++row) {
      double sum = 0;
      for (sim::Step s = 0; s < r.steps; ++s) sum += static_cast<double>(r.value(m, s, row));
      EXPECT_EQ(r.total(m, row), sum) << name << " row " << row;
      all += sum;
    }
    EXPECT_EQ(r.total(m), all) << name;
    EXPECT_GT(all, 0.0) << name;
  }
}

TEST_F(RecordedPilot, records_the_caseworkers_in_post_in_every_row) {
  const auto& r = *record_;
  // The pilot changes no caseworker count by a dated event: every step records the scenario's.
  for (sim::Step s = 0; s < r.steps; ++s) {
    EXPECT_EQ(r.value(metric("caseworkers"), s, 0), scenario_->origins.front().caseworkers) << "step " << s;
    for (std::size_t t = 0; t < scenario_->territories.size(); ++t) {
      EXPECT_EQ(r.value(metric("caseworkers"), s, t + 1), scenario_->territories[t].caseworkers) << "step " << s;
    }
  }
}

TEST_F(RecordedPilot, a_saved_record_restores_equal) {
  sim::ArchiveWriter out;
  record_->save(out);
  const auto bytes = std::move(out).bytes();
  sim::ArchiveReader in(bytes, "record");
  const auto restored = models::RunRecord::restore(in);
  EXPECT_NO_THROW(in.finish());
  expect_equal_records(*record_, restored);
}

TEST_F(RecordedPilot, restoring_refuses_a_truncated_or_foreign_archive) {
  sim::ArchiveWriter out;
  record_->save(out);
  const auto bytes = std::move(out).bytes();
  const std::vector<std::byte> truncated(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
  sim::ArchiveReader cut(truncated, "truncated");
  EXPECT_THROW(models::RunRecord::restore(cut), sim::ArchiveError);

  sim::ArchiveWriter other;
  other.tag("something else");
  const auto foreign = std::move(other).bytes();
  sim::ArchiveReader wrong(foreign, "foreign");
  EXPECT_THROW(models::RunRecord::restore(wrong), sim::ArchiveError);
}

TEST_F(RecordedPilot, restoring_refuses_a_stage_change_of_a_household_out_of_range) {
  auto damaged = *record_;
  ASSERT_FALSE(damaged.transitions.empty());
  damaged.transitions.front().household = static_cast<std::uint32_t>(damaged.households.size());
  sim::ArchiveWriter out;
  damaged.save(out);
  const auto bytes = std::move(out).bytes();
  sim::ArchiveReader in(bytes, "damaged");
  EXPECT_THROW(models::RunRecord::restore(in), sim::ArchiveError);
}

TEST(Recorder, restored_mid_run_goes_on_recording_as_the_uninterrupted_one) {
  const auto scenario = pilot();
  const sim::Step pause = 20;
  Replication uninterrupted(scenario, 23, 0);
  const auto expected = uninterrupted.finish();
  ASSERT_GT(expected.transitions.size(), 0u);

  Replication first(scenario, 23, 0);
  first.run_until(pause);
  sim::ArchiveWriter out;
  first.simulation->save(out);
  first.recorder->save(out);
  const auto bytes = std::move(out).bytes();

  sim::ArchiveReader in(bytes, "paused");
  models::Simulation simulation(in, first.geography, first.executor);
  models::Recorder recorder(simulation, in);
  in.finish();
  ASSERT_EQ(simulation.next_step(), pause);
  while (!simulation.done()) {
    simulation.step();
    recorder.observe(simulation);
  }
  expect_equal_records(expected, recorder.finish(simulation));
}

TEST(Recorder, restoring_refuses_the_record_of_another_replication) {
  const auto scenario = pilot();
  Replication zero(scenario, 23, 0);
  zero.run_until(3);
  sim::ArchiveWriter saved;
  zero.recorder->save(saved);
  const auto bytes = std::move(saved).bytes();

  Replication one(scenario, 23, 1);
  one.run_until(3);
  sim::ArchiveReader in(bytes, "replication 0");
  EXPECT_THROW((void)models::Recorder(*one.simulation, in), sim::ArchiveError);
  sim::ArchiveReader again(bytes, "replication 0");
  EXPECT_NO_THROW((void)models::Recorder(*zero.simulation, again));
}
