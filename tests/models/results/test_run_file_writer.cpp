// The file of `emile run` written as replications finish (run_file_writer.hpp): the same file as the one written
// from an ensemble held in memory, at any thread count and whatever order the records come in; each record level
// holds what it declares and the same statistics; a missing replication is refused and leaves nothing.
#include "emile/models/results/run_file_writer.hpp"

#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "short_pilot.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace emile;
namespace fs = std::filesystem;

models::Scenario pilot() { return models::testing::short_pilot(); }

models::RunOptions runs(int threads) {
  models::RunOptions options;
  options.seed = 9;
  options.replications = 5;
  options.threads = threads;
  return options;
}

// Every dataset of a file (by path) as text: its shape and values, so that two files compare dataset for dataset.
void collect(sim::ResultsReader& in, const std::string& group, std::map<std::string, std::string>& out) {
  for (const std::string& name : in.list(group)) {
    const std::string path = (group == "/" ? "" : group) + "/" + name;
    std::vector<std::size_t> shape;
    try {
      shape = in.shape(path);
    } catch (const sim::ResultsFileError&) {
      collect(in, path, out);  // a group
      continue;
    }
    std::string text;
    for (auto extent : shape) text += std::to_string(extent) + "x";
    text += ":";
    switch (in.value_class(path)) {
      case sim::ResultsReader::ValueClass::string:
        for (const auto& s : shape.empty() ? std::vector<std::string>{in.read_text(path)} : in.read_strings(path)) text += s + "|";
        break;
      case sim::ResultsReader::ValueClass::integer:
        for (auto v : in.read_int64(path)) text += std::to_string(v) + ",";
        break;
      default:
        for (double v : in.read_double(path)) text += std::to_string(v) + ",";
    }
    out[path] = text;
  }
}

std::map<std::string, std::string> datasets(const fs::path& file) {
  sim::ResultsReader in(file);
  std::map<std::string, std::string> out;
  collect(in, "/", out);
  for (const char* attribute : {"schema_version", "seed", "replications", "step_days"}) {
    out[std::string("@") + attribute] = std::to_string(in.attribute_int("/", attribute));
  }
  for (const char* attribute : {"analysis", "scenario", "start_date", "record", "world", "stopped_after"}) {
    out[std::string("@") + attribute] = in.attribute_string("/", attribute);
  }
  return out;
}

class RunFileWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("emile-test-run-file-" + std::to_string(::getpid()));
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  // The file written as the run goes, at `threads` threads and record level `level`.
  fs::path streamed(const std::string& name, int threads, models::RecordLevel level = models::RecordLevel::full) {
    const fs::path path = folder_ / name;
    models::RunFileWriter file(path, "test", level);
    auto options = runs(threads);
    options.sink = &file;
    const auto result = models::run_ensemble(pilot(), options);
    EXPECT_TRUE(result.runs.empty()) << "records went to the file, not to memory";
    file.commit(nullptr);
    return path;
  }

  fs::path folder_;
};

}  // namespace

TEST_F(RunFileWriterTest, the_streamed_file_equals_the_in_memory_writers_at_one_and_two_threads) {
  const fs::path in_memory = folder_ / "in-memory.h5";
  models::write_results(in_memory, "test", models::run_ensemble(pilot(), runs(2)));
  const auto expected = datasets(in_memory);
  ASSERT_TRUE(expected.contains("/households/final_stage"));
  ASSERT_TRUE(expected.contains("/timeseries/moved_households"));
  for (int threads : {1, 2}) {
    EXPECT_EQ(datasets(streamed("streamed-" + std::to_string(threads) + ".h5", threads)), expected) << threads << " threads";
  }
}

TEST_F(RunFileWriterTest, records_that_come_out_of_order_are_written_in_their_slots) {
  auto result = models::run_ensemble(pilot(), runs(2));
  const fs::path in_order = folder_ / "in-order.h5", reversed = folder_ / "reversed.h5";
  models::write_results(in_order, "test", result);
  models::RunFileWriter file(reversed, "test", models::RecordLevel::full);
  file.begin(result, result.runs.size());
  for (auto r = result.runs.rbegin(); r != result.runs.rend(); ++r) file.add(*r);
  file.commit(nullptr);
  EXPECT_EQ(datasets(reversed), datasets(in_order));
}

TEST_F(RunFileWriterTest, each_record_level_holds_what_it_declares_and_the_same_statistics) {
  const auto full = datasets(streamed("full.h5", 2, models::RecordLevel::full));
  for (auto level : {models::RecordLevel::summary, models::RecordLevel::series}) {
    const fs::path path = streamed(std::string(models::name(level)) + ".h5", 2, level);
    sim::ResultsReader in(path);
    EXPECT_EQ(&models::check_results_layout(in), &models::file_kinds().front()) << "a complete run file";
    const auto held = datasets(path);
    EXPECT_EQ(held.at("@record"), models::name(level));
    for (const auto& [key, value] : held) {
      if (key.starts_with("@")) continue;
      EXPECT_EQ(value, full.at(key)) << key << " equals the full file's";
    }
    for (const sim::TableSchema* table : {&models::tables::events(), &models::tables::households(), &models::tables::jobs(),
                                          &models::tables::outcomes()}) {
      EXPECT_EQ(in.contains(table->path), level >= models::recorded_from(*table)) << table->path;
    }
    EXPECT_EQ(in.contains("/timeseries/moved_households"), level >= models::RecordLevel::series);
    EXPECT_TRUE(held.contains("/ensemble/moved_households/q95"));
    EXPECT_TRUE(held.contains("/summary/moved_households"));
  }
}

TEST_F(RunFileWriterTest, a_missing_replication_is_refused_and_leaves_nothing) {
  auto result = models::run_ensemble(pilot(), runs(2));
  const fs::path path = folder_ / "missing.h5";
  {
    models::RunFileWriter file(path, "test", models::RecordLevel::full);
    file.begin(result, result.runs.size());
    for (std::size_t r = 1; r < result.runs.size(); ++r) file.add(result.runs[r]);
    EXPECT_THROW(file.commit(nullptr), std::logic_error);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(folder_)) << "no temporary, no spool left behind";
}

TEST_F(RunFileWriterTest, the_file_records_the_world_and_the_date_it_stopped_after) {
  const fs::path path = folder_ / "stopped.h5";
  auto options = runs(2);
  options.stop_after = sim::Date::parse("2019-07-26");
  models::write_results(path, "test", models::run_ensemble(pilot(), options));
  sim::ResultsReader in(path);
  EXPECT_EQ(in.attribute_string("/", "stopped_after"), "2019-07-26");
  EXPECT_EQ(in.attribute_string("/", "world"), "shared");
  const auto dates = in.read_strings("/timeseries/dates");
  ASSERT_GE(dates.size(), 2u);
  EXPECT_GE(dates.back(), "2019-07-26") << "the last step holds 26 July";
  EXPECT_LT(dates[dates.size() - 2], "2019-07-26");
}
