// Checkpoints: a run paused, saved, restored and resumed equals the uninterrupted run, element for element;
// a variant branched from a checkpoint equals the saved scenario with the variant's change switched on by a
// dated event at the same step.
#include "emile/models/ensemble/checkpoint.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/starting_markets.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/sim/archive.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <string_view>
#include <tuple>

namespace {

using namespace emile;
namespace fs = std::filesystem;

fs::path pilot_path() { return fs::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml"; }
models::Scenario pilot() { return models::load_scenario(pilot_path()); }

fs::path temporary(const std::string& name) {
  return fs::temp_directory_path() / ("emile-test-checkpoint-" + std::to_string(::getpid()) + "-" + name);
}

void expect_equal_runs(const models::EnsembleResult& a, const models::EnsembleResult& b) {
  ASSERT_EQ(a.runs.size(), b.runs.size());
  for (std::size_t r = 0; r < a.runs.size(); ++r) {
    const auto& x = a.runs[r];
    const auto& y = b.runs[r];
    EXPECT_EQ(x.values, y.values) << "replication " << r;
    ASSERT_EQ(x.transitions.size(), y.transitions.size()) << "replication " << r;
    for (std::size_t i = 0; i < x.transitions.size(); ++i) {
      const auto& s = x.transitions[i];
      const auto& t = y.transitions[i];
      EXPECT_EQ(std::tie(s.step, s.household, s.from, s.to, s.territory_row), std::tie(t.step, t.household, t.from, t.to, t.territory_row));
    }
    ASSERT_EQ(x.jobs.size(), y.jobs.size());
    for (std::size_t i = 0; i < x.jobs.size(); ++i) {
      const auto& s = x.jobs[i];
      const auto& t = y.jobs[i];
      EXPECT_EQ(std::tie(s.household, s.employer, s.contract, s.start, s.end, s.reason),
                std::tie(t.household, t.employer, t.contract, t.start, t.end, t.reason));
    }
    ASSERT_EQ(x.households.size(), y.households.size());
    for (std::size_t i = 0; i < x.households.size(); ++i) {
      EXPECT_EQ(std::tie(x.households[i].final_stage, x.households[i].territory_row, x.households[i].visited),
                std::tie(y.households[i].final_stage, y.households[i].territory_row, y.households[i].visited));
    }
  }
}

models::RunOptions options(std::int64_t replications) {
  models::RunOptions o;
  o.seed = 2024;
  o.replications = replications;
  o.threads = 2;
  return o;
}

struct FileGuard {
  fs::path path;
  ~FileGuard() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

}  // namespace

TEST(Checkpoint, a_paused_and_resumed_run_equals_the_uninterrupted_one) {
  const auto scenario = pilot();
  const auto uninterrupted = models::run_ensemble(scenario, options(2));
  const FileGuard file{temporary("pause.ckpt")};
  auto first = options(2);
  first.checkpoints.path = file.path;
  first.checkpoints.pause_at = 23;
  const auto paused = models::run_ensemble(scenario, first);
  ASSERT_EQ(paused.paused_at, 23);
  EXPECT_TRUE(paused.runs.empty());

  const auto checkpoint = models::load_checkpoint(file.path);
  EXPECT_EQ(checkpoint.common_step(file.path), 23);
  EXPECT_TRUE(checkpoint.pause);
  auto second = options(0);
  second.threads = 1;  // and on another thread count
  expect_equal_runs(uninterrupted, models::resume_ensemble(checkpoint, second));
}

TEST(Checkpoint, a_run_stopped_between_periodic_saves_resumes_to_the_same_results) {
  const auto scenario = pilot();
  const auto uninterrupted = models::run_ensemble(scenario, options(3));
  const FileGuard file{temporary("periodic.ckpt")};
  auto first = options(3);
  first.checkpoints.path = file.path;
  first.checkpoints.every = 10;
  std::atomic<bool> stop{false};
  first.cancel = &stop;
  first.progress = [&](double done) { stop = stop || done > 0.6; };  // a crash part-way through
  EXPECT_THROW(models::run_ensemble(scenario, first), models::Cancelled);

  const auto checkpoint = models::load_checkpoint(file.path);
  EXPECT_FALSE(checkpoint.pause);
  EXPECT_EQ(checkpoint.every, 10);
  std::size_t started = 0;
  for (const auto& r : checkpoint.replications) started += r.status != models::ReplicationCheckpoint::Status::not_started;
  EXPECT_GT(started, 0u);
  expect_equal_runs(uninterrupted, models::resume_ensemble(checkpoint, options(0)));
}

namespace {

// Branching the pilot at step 30 into a variant with `key` = `value` equals the pilot with a dated event switching
// `key` to `value` at that step, and differs from the pilot without it.
void expect_branch_equals_dated_event(const std::string& key, double value, const std::string& name) {
  const auto scenario = pilot();
  const sim::Step step = 30;
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));

  auto switched = scenario;
  switched.events.push_back({clock.first_day(step), models::EventKind::set, key, value, 0, 0});
  const auto expected = models::run_ensemble(switched, options(2));

  const FileGuard file{temporary(name + ".ckpt")};
  auto first = options(2);
  first.checkpoints.path = file.path;
  first.checkpoints.pause_at = step;
  models::run_ensemble(scenario, first);
  auto variant = scenario;
  models::set_parameter(variant, key, value);
  const auto branched = models::branch_ensemble(models::load_checkpoint(file.path), variant, options(0));
  expect_equal_runs(expected, branched);

  // And the switch matters: the run without it differs.
  const auto base = models::run_ensemble(scenario, options(2));
  EXPECT_NE(base.runs[0].values, branched.runs[0].values);
}

}  // namespace

TEST(Checkpoint, a_branch_equals_the_saved_scenario_switching_its_lever_by_a_dated_event) {
  expect_branch_equals_dated_event("origin.caseworkers", 2.0, "branch");
}

// The saved run's geography was built for its 45-minute car commutes; the branch's, for the variant's 90.
TEST(Checkpoint, a_branch_that_lengthens_the_car_commute_reaches_as_far_as_the_dated_event_does) {
  expect_branch_equals_dated_event("matching.car_commute_minutes", 90.0, "branch-commute");
}

namespace {

// The pilot's one replication paused at step 10, saved to `file`.
models::Checkpoint pilot_paused_at_step_10(const FileGuard& file) {
  auto first = options(1);
  first.checkpoints.path = file.path;
  first.checkpoints.pause_at = 10;
  models::run_ensemble(pilot(), first);
  return models::load_checkpoint(file.path);
}

}  // namespace

TEST(Checkpoint, a_branch_must_keep_the_run_dates_and_territories) {
  const auto scenario = pilot();
  const FileGuard file{temporary("refuse.ckpt")};
  const auto checkpoint = pilot_paused_at_step_10(file);

  auto longer = scenario;
  longer.run.end_date = longer.run.end_date.plus_days(70);
  EXPECT_THROW(models::branch_ensemble(checkpoint, longer, options(0)), sim::ScenarioError);
  auto fewer = scenario;
  fewer.territories.pop_back();
  EXPECT_THROW(models::branch_ensemble(checkpoint, fewer, options(0)), sim::ScenarioError);
}

// A parameter read only when the world and households were built cannot change in a branch: it would keep the
// saved value silently. One that may change during a run can.
TEST(Checkpoint, a_branch_refuses_a_changed_parameter_of_the_built_world_naming_it) {
  const FileGuard file{temporary("world.ckpt")};
  const auto checkpoint = pilot_paused_at_step_10(file);

  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"territory.15.main_residences", "70000"}, {"households.licence_share", "0.9"}, {"labour.partner_share", "0.5"}}) {
    try {
      models::branch_ensemble(checkpoint, models::load_scenario(pilot_path(), {{key, value}}), options(0));
      ADD_FAILURE() << key << " changed in a branch was accepted";
    } catch (const sim::ScenarioError& e) {
      EXPECT_EQ(e.key(), key);
      EXPECT_NE(std::string(e.what()).find("a branch cannot change it"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(models::branch_ensemble(
      checkpoint, models::load_scenario(pilot_path(), {{"territory.15.reserved_dwellings", "30"}}), options(0)));
}

namespace {

// The pilot's replication 0 of seed 3 after twelve steps, on one thread.
struct PilotAtStep12 {
  models::Scenario scenario = pilot();
  sim::Executor executor{1};
  std::shared_ptr<const models::Geography> geography =
      std::make_shared<const models::Geography>(models::build_geography(scenario, executor));
  models::Simulation simulation{scenario, geography, 3, 0, executor};
  PilotAtStep12() {
    for (int s = 0; s < 12; ++s) simulation.step();
  }
  std::vector<std::byte> state() const {
    sim::ArchiveWriter out;
    simulation.save(out);
    return std::move(out).bytes();
  }
};

}  // namespace

TEST(Checkpoint, a_truncated_state_is_refused) {
  const PilotAtStep12 pilot_run;
  const auto& geography = pilot_run.geography;
  const auto& executor = pilot_run.executor;
  const auto bytes = pilot_run.state();
  for (std::size_t keep : {bytes.size() / 10, bytes.size() / 2, bytes.size() - 1}) {
    const std::vector<std::byte> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep));
    sim::ArchiveReader in(cut, "state");
    EXPECT_THROW(models::Simulation(in, geography, executor), sim::ArchiveError) << keep;
  }
  sim::ArchiveReader in(bytes, "state");
  models::Simulation restored(in, geography, executor);
  EXPECT_EQ(restored.next_step(), 12);
  in.finish();
}

namespace {

// A checkpoint of the pilot's one replication paused at step 10, saved at `path`.
void save_paused_pilot(const fs::path& path) {
  auto o = options(1);
  o.checkpoints.path = path;
  o.checkpoints.pause_at = 10;
  ASSERT_EQ(models::run_ensemble(pilot(), o).paused_at, 10);
}

// Changes the payload of the archive at `path` with `damage` and writes it back with a matching checksum: damage
// that the file's own checks cannot see.
template <class Damage>
void rewrite_payload(const fs::path& path, Damage&& damage) {
  auto payload = sim::read_archive_file(path, "checkpoint");
  damage(payload);
  sim::write_archive_file(path, "checkpoint", payload);
}

std::string archive_error_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const sim::ArchiveError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ArchiveError";
  return {};
}

}  // namespace

TEST(Checkpoint, a_damaged_replication_state_with_a_consistent_checksum_is_refused_naming_the_file) {
  const FileGuard file{temporary("state.ckpt")};
  save_paused_pilot(file.path);
  rewrite_payload(file.path, [](std::vector<std::byte>& payload) {
    // The replication's state is the end of the payload: its last bytes are the recorder's counts and logs.
    for (std::size_t i = payload.size() - 64; i < payload.size(); ++i) payload[i] = std::byte{0xff};
  });
  const auto checkpoint = models::load_checkpoint(file.path);
  const std::string message = archive_error_of([&] { models::resume_ensemble(checkpoint, options(0)); });
  EXPECT_EQ(message.rfind(file.path.string() + ": replication 0: ", 0), 0u) << message;
}

TEST(Checkpoint, a_damaged_saved_scenario_is_blamed_on_the_checkpoint_not_on_the_scenario_file) {
  const FileGuard file{temporary("scenario.ckpt")};
  save_paused_pilot(file.path);
  rewrite_payload(file.path, [](std::vector<std::byte>& payload) {
    // The first saved scenario's TOML: break its first `[run]` header.
    const std::string_view text(reinterpret_cast<const char*>(payload.data()), payload.size());
    const std::size_t at = text.find("[run]");
    ASSERT_NE(at, std::string_view::npos);
    payload[at + 4] = std::byte{'!'};
  });
  const std::string message = archive_error_of([&] { models::load_checkpoint(file.path); });
  EXPECT_EQ(message.rfind(file.path.string() + ": ", 0), 0u) << message;
  EXPECT_NE(message.find("the scenario saved in it (from "), std::string::npos) << message;
  EXPECT_NE(message.find("pilot-2019.toml) cannot be used"), std::string::npos) << message;
}

TEST(Checkpoint, a_checkpoint_whose_data_files_changed_since_is_refused_naming_them) {
  const fs::path folder = temporary("data");
  fs::create_directories(folder);
  const fs::path communes = folder / "communes.csv", housing = folder / "housing.csv";
  fs::copy_file(fs::path(EMILE_SOURCE_DIR) / "data/communes.csv", communes);
  fs::copy_file(fs::path(EMILE_SOURCE_DIR) / "data/commune-housing-employment.csv", housing);
  const auto scenario = models::load_scenario(
      pilot_path(), {{"geography.communes_file", '"' + communes.string() + '"'},
                     {"geography.commune_housing_file", '"' + housing.string() + '"'}});
  const FileGuard file{temporary("data.ckpt")};
  auto o = options(1);
  o.checkpoints.path = file.path;
  o.checkpoints.pause_at = 10;
  ASSERT_EQ(models::run_ensemble(scenario, o).paused_at, 10);
  EXPECT_NO_THROW(models::load_checkpoint(file.path)) << "the world rebuilds as it was";

  std::ofstream(housing, std::ios::app) << "\n";  // the same figures, other bytes: the identity cannot tell
  const std::string message = archive_error_of([&] { models::load_checkpoint(file.path); });
  EXPECT_EQ(message.rfind(file.path.string() + ": its world cannot be rebuilt as it was saved", 0), 0u) << message;
  EXPECT_NE(message.find("geography.commune_housing_file = " + housing.string()), std::string::npos) << message;
  fs::remove_all(folder);
}

TEST(Checkpoint, a_state_holds_what_changes_not_the_world) {
  PilotAtStep12 pilot_run;
  const auto& scenario = pilot_run.scenario;
  const auto& executor = pilot_run.executor;
  const auto& geography = pilot_run.geography;
  auto& simulation = pilot_run.simulation;
  const auto bytes = pilot_run.state();
  // The starting markets' fixed attributes alone: every dwelling's and employer's.
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  const models::StartingMarkets markets(scenario, *geography, clock, simulation.steps(),
                                        models::world_seed(scenario.run, 3, 0), executor);
  std::size_t fixed = 0;
  for (const auto& stock : markets.housing) fixed += stock.size() * sizeof(models::Dwelling);
  EXPECT_LT(bytes.size(), fixed) << "the state is smaller than the world's fixed attributes";
  // Restored on the same starting markets, it goes on as the original.
  sim::ArchiveReader in(bytes, "state");
  models::Simulation restored(in, geography, executor, std::make_shared<const models::StartingMarkets>(markets));
  for (int s = 0; s < 5; ++s) {
    simulation.step();
    restored.step();
  }
  // Five steps later, the same households where they were, and the same counts everywhere.
  const auto a = simulation.households(), b = restored.households();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(std::tie(a[i].stage, a[i].territory, a[i].dwelling, a[i].vacancy, a[i].job, a[i].draws, a[i].stage_since),
              std::tie(b[i].stage, b[i].territory, b[i].dwelling, b[i].vacancy, b[i].job, b[i].draws, b[i].stage_since))
        << "household " << i;
  }
  for (std::size_t row = 0; row < simulation.territory_rows(); ++row) {
    for (const auto stage : models::all_stages) {
      EXPECT_EQ(simulation.in_stage(row, stage).persons, restored.in_stage(row, stage).persons) << row;
      EXPECT_EQ(simulation.flow(row, stage).persons, restored.flow(row, stage).persons) << row;
    }
  }
}
