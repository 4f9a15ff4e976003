// Results files: every writer's file is checked as its kind (file_kinds.hpp), every table declared in tables.hpp
// belongs to one kind, read_results_info reads what was written, a column renamed since a file was written is read
// under its current name, every file carries its provenance, and a cancelled commit leaves nothing behind.
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/models/analyses/capacity.hpp"
#include "emile/models/analyses/comparison.hpp"
#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/models/analyses/sensitivity.hpp"
#include "emile/models/analyses/sobol_sensitivity.hpp"
#include "emile/models/analyses/sweep.hpp"
#include "emile/models/calibration/calibration_file.hpp"
#include "emile/models/recording/summary.hpp"
#include "short_pilot.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <variant>

namespace {

using namespace emile;
namespace fs = std::filesystem;

models::Scenario pilot(const std::vector<sim::Override>& overrides = {}) { return models::testing::short_pilot(overrides); }

models::RunOptions runs(std::int64_t replications) {
  models::RunOptions options;
  options.seed = 5;
  options.replications = replications;
  options.threads = 2;
  return options;
}

std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  return names;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> column_names(const sim::Table& table) {
  std::vector<std::string> names;
  for (const auto& column : table.columns()) names.push_back(column.name);
  return names;
}

const sim::Table::Column& column(const sim::Table& table, const std::string& name) {
  for (const auto& c : table.columns()) {
    if (c.name == name) return c;
  }
  throw std::out_of_range("no column " + name);
}

const models::FileKind& kind(const std::string& analysis) {
  for (const auto& k : models::file_kinds()) {
    if (k.analysis == analysis) return k;
  }
  throw std::out_of_range(analysis);
}

// Equal, NaN included.
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// One file of each kind, written once for the suite into a temporary folder, with what was written.
class WrittenFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new fs::path(fs::temp_directory_path() / ("emile-test-results-io-" + std::to_string(::getpid())));
    fs::create_directories(*folder_);
    base_ = new models::EnsembleResult(models::run_ensemble(pilot(), runs(2)));
    models::write_results(path("run"), "emile run test", *base_);

    auto variant = pilot({{"origin.caseworkers", "5"}});
    variant.run.name = "fewer-caseworkers";
    variant_ = new models::EnsembleResult(models::run_ensemble(variant, runs(2)));
    comparison_ = new std::vector<models::OutcomeComparison>(models::compare(*base_, *variant_));
    models::write_comparison(path("compare"), "emile compare test", *base_, *variant_, *comparison_,
                             models::compare_by_territory(*base_, *variant_,
                                                          models::comparison_periods(base_->scenario, std::nullopt,
                                                                                     sim::PeriodLength::year)));

    const models::Sweep sweep({models::SweepAxis::parse("origin.caseworkers=5,20")});
    std::vector<models::EnsembleResult> points;
    for (std::size_t i = 0; i < sweep.size(); ++i) points.push_back(models::run_ensemble(pilot(sweep.point(i)), runs(2)));
    models::write_sweep(path("sweep"), "emile sweep test", sweep, points);

    capacity_ = new models::CapacityResult(models::analyse_capacity(pilot(), runs(1), {.warmup_weeks = 4, .window_weeks = 13}));
    models::write_capacity(path("capacity"), "emile capacity test", *capacity_);

    auto levered = pilot();
    levered.levers = {{"after_move.return_factor_no_car", 1.0, 3.0}, {"origin.caseworkers", 1.0, 20.0}};
    sensitivity_ = new models::SensitivityResult(models::analyse_sensitivity(levered, runs(1), {.trajectories = 2, .levels = 4}));
    models::write_sensitivity(path("sensitivity"), "emile sensitivity test", *sensitivity_);
    models::write_sobol(path("sobol"), "emile sobol test",
                        models::analyse_sobol(pilot(), runs(1), {.samples = 3, .bootstrap = 10}));
    const auto calibrated = pilot();
    const auto targets = models::load_targets(fs::path(EMILE_SOURCE_DIR) / "scenarios/targets/pilot-2019.toml", calibrated);
    models::CalibrationOptions calibration;
    calibration.particles = 8;
    calibration.generations = 2;
    calibration.seed = 5;  // the suite's seed (runs)
    models::write_calibration(path("calibrate"), "emile calibrate test", models::calibrate(calibrated, targets, calibration));
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(*folder_, ignored);
    delete sensitivity_;
    delete capacity_;
    delete comparison_;
    delete variant_;
    delete base_;
    delete folder_;
  }
  static fs::path path(const std::string& analysis) { return *folder_ / (analysis + ".h5"); }

  static fs::path* folder_;
  static models::EnsembleResult* base_;
  static models::EnsembleResult* variant_;
  static std::vector<models::OutcomeComparison>* comparison_;
  static models::CapacityResult* capacity_;
  static models::SensitivityResult* sensitivity_;
};
fs::path* WrittenFiles::folder_ = nullptr;
models::EnsembleResult* WrittenFiles::base_ = nullptr;
models::EnsembleResult* WrittenFiles::variant_ = nullptr;
std::vector<models::OutcomeComparison>* WrittenFiles::comparison_ = nullptr;
models::CapacityResult* WrittenFiles::capacity_ = nullptr;
models::SensitivityResult* WrittenFiles::sensitivity_ = nullptr;

}  // namespace

TEST(FileKinds, declare_every_table_of_tables_hpp_in_exactly_one_kind) {
  namespace t = models::tables;
  const std::vector<const sim::TableSchema*> declared = {
      &t::territories(),          &t::origin_host_flows(), &t::origin_costs(), &t::communes(),          &t::stages(),     &t::sectors(),     &t::events(),
      &t::households(),           &t::jobs(),              &t::outcomes(),  &t::summary(),    &t::comparison(),
      &t::paired_differences(),  &t::comparison_by_territory(), &t::comparison_by_origin_host(), &t::sweep_quantiles(),
      &t::sweep_points(),         &t::sweep_summary(),     &t::sweep_means(), &t::capacity_relocations(),
      &t::capacity_resources(),   &t::sensitivity_effects(), &t::sensitivity_design(), &t::sobol_indices(), &t::sobol_design(), &t::calibration_parameters(),
      &t::calibration_generations(), &t::calibration_particles(), &t::calibration_targets()};
  std::map<const sim::TableSchema*, int> owners;
  for (const auto& k : models::file_kinds()) {
    for (const auto* table : k.tables) ++owners[table];
    for (const auto* shown : k.shown) {
      EXPECT_NE(std::find(k.tables.begin(), k.tables.end(), shown), k.tables.end()) << k.analysis << " shows " << shown->path;
    }
  }
  for (const auto* table : declared) EXPECT_EQ(owners[table], 1) << table->path;
  EXPECT_EQ(owners.size(), declared.size());  // no kind holds a table tables.hpp does not declare
}

TEST(FileKinds, are_the_kinds_of_the_commands_that_write_files_run_first) {
  std::vector<std::string> analyses;
  for (const auto& k : models::file_kinds()) analyses.push_back(k.analysis);
  EXPECT_EQ(analyses, (std::vector<std::string>{"run", "compare", "sweep", "capacity", "sensitivity", "sobol", "calibrate"}));
  std::set<std::string> provenance;
  for (const auto& a : models::provenance_attributes()) {
    EXPECT_EQ(a.object, "/") << a.name;
    EXPECT_TRUE(provenance.insert(a.name).second) << a.name;
  }
  for (const char* name : {"schema_version", "emile_version", "analysis", "invocation", "scenario", "seed", "replications",
                           "start_date", "step_days", "created_utc"}) {
    EXPECT_TRUE(provenance.contains(name)) << name;
  }
}

TEST_F(WrittenFiles, each_writers_file_is_checked_as_its_kind) {
  for (const auto& k : models::file_kinds()) {
    sim::ResultsReader in(path(k.analysis));
    EXPECT_EQ(&models::check_results_layout(in), &k) << k.analysis;
  }
}

TEST_F(WrittenFiles, every_file_carries_its_provenance) {
  const std::regex utc(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
  for (const auto& k : models::file_kinds()) {
    sim::ResultsReader in(path(k.analysis));
    for (const auto& attribute : models::provenance_attributes()) {
      EXPECT_TRUE(in.has_attribute("/", attribute.name)) << k.analysis << ": " << attribute.name;
    }
    EXPECT_EQ(in.attribute_string("/", "analysis"), k.analysis);
    EXPECT_EQ(in.attribute_string("/", "invocation"), "emile " + k.analysis + " test");
    EXPECT_EQ(in.attribute_int("/", "schema_version"), models::results_schema_version);
    EXPECT_EQ(in.attribute_string("/", "emile_version"), EMILE_VERSION);
    EXPECT_EQ(in.attribute_int("/", "seed"), 5);
    EXPECT_EQ(in.attribute_string("/", "scenario"), "pilot-2019");
    EXPECT_TRUE(std::regex_match(in.attribute_string("/", "created_utc"), utc)) << in.attribute_string("/", "created_utc");
  }
}

TEST_F(WrittenFiles, read_results_info_gives_what_write_results_wrote) {
  const auto info = models::read_results_info(path("run"));
  const auto& scenario = base_->scenario;
  EXPECT_EQ(info.kind, &kind("run"));
  EXPECT_EQ(info.invocation, "emile run test");
  EXPECT_EQ(info.scenario, scenario.run.name);
  EXPECT_EQ(info.emile_version, EMILE_VERSION);
  EXPECT_EQ(info.schema_version, models::results_schema_version);
  EXPECT_EQ(info.seed, 5);
  EXPECT_EQ(info.replications, 2);
  EXPECT_EQ(info.start_date, scenario.run.start_date.iso());
  EXPECT_EQ(info.step_days, scenario.run.step_days);
  EXPECT_EQ(info.attributes, (std::vector<std::pair<std::string, std::string>>{
                                 {"record", "full"}, {"world", "shared"}, {"stopped_after", ""},
                                 {"ensemble/parameter_uncertainty", "0"}}));
  EXPECT_TRUE(info.shown.empty());
  EXPECT_EQ(info.dates, base_->dates);
  ASSERT_EQ(info.territories.size(), 1 + scenario.territories.size());
  EXPECT_EQ(info.territories[0], scenario.origins.front().code);
  for (std::size_t t = 0; t < scenario.territories.size(); ++t) EXPECT_EQ(info.territories[t + 1], scenario.territories[t].code);

  // Rows: one event per stage change, one household per pool member, one summary per replication.
  std::size_t events = 0, households = 0, jobs = 0;
  for (const auto& run : base_->runs) {
    events += run.transitions.size();
    households += run.households.size();
    jobs += run.jobs.size();
  }
  std::map<std::string, std::size_t> rows(info.table_rows.begin(), info.table_rows.end());
  EXPECT_EQ(info.table_rows.size(), kind("run").tables.size());
  EXPECT_EQ(rows.at("/events"), events);
  EXPECT_EQ(rows.at("/households"), households);
  EXPECT_EQ(rows.at("/jobs"), jobs);
  EXPECT_EQ(rows.at("/summary"), 2u);
  EXPECT_EQ(rows.at("/territories"), 1 + scenario.territories.size());
  EXPECT_EQ(rows.at("/stages"), models::stage_count);
  EXPECT_GT(events, 0u);

  // The headline outcomes and their means over the replications.
  const auto first = models::summarise(base_->runs[0], scenario);
  const auto second = models::summarise(base_->runs[1], scenario);
  EXPECT_EQ(info.summary_names, first.names);
  ASSERT_EQ(info.summary_means.size(), first.values.size());
  for (std::size_t i = 0; i < first.values.size(); ++i) {
    EXPECT_TRUE(same(info.summary_means[i], (first.values[i] + second.values[i]) / 2)) << first.names[i];
  }
}

TEST_F(WrittenFiles, read_results_info_gives_each_kinds_attributes_and_shown_tables) {
  for (const auto& k : models::file_kinds()) {
    const auto info = models::read_results_info(path(k.analysis));
    EXPECT_EQ(info.kind, &k);
    ASSERT_EQ(info.attributes.size(), k.attributes.size()) << k.analysis;
    for (std::size_t i = 0; i < k.attributes.size(); ++i) {
      const auto& a = k.attributes[i];
      EXPECT_EQ(info.attributes[i].first, a.object == "/" ? a.name : a.object.substr(1) + "/" + a.name);
    }
    ASSERT_EQ(info.table_rows.size(), k.tables.size()) << k.analysis;
    for (std::size_t i = 0; i < k.tables.size(); ++i) EXPECT_EQ(info.table_rows[i].first, k.tables[i]->path);
    ASSERT_EQ(info.shown.size(), k.shown.size()) << k.analysis;
    for (std::size_t i = 0; i < k.shown.size(); ++i) {
      EXPECT_EQ(info.shown[i].first, k.shown[i]->path);
      const auto names = column_names(info.shown[i].second);
      for (const auto& spec : k.shown[i]->columns) {
        EXPECT_NE(std::find(names.begin(), names.end(), spec.name), names.end()) << k.shown[i]->path << ": " << spec.name;
      }
    }
  }
  const auto attributes = [](const std::string& analysis) {
    const auto info = models::read_results_info(path(analysis));
    return std::map<std::string, std::string>(info.attributes.begin(), info.attributes.end());
  };
  EXPECT_EQ(attributes("compare").at("variant_scenario"), "fewer-caseworkers");
  const auto capacity = attributes("capacity");
  EXPECT_EQ(capacity.at("warmup_weeks"), "4");
  EXPECT_EQ(capacity.at("window_weeks"), "13");
  EXPECT_EQ(capacity.at("capacity/binding"), capacity_->binding_label());
  const auto sensitivity = attributes("sensitivity");
  EXPECT_EQ(sensitivity.at("trajectories"), "2");
  EXPECT_EQ(sensitivity.at("levels"), "4");
  EXPECT_NEAR(std::stod(sensitivity.at("delta")), sensitivity_->delta, 1e-6);  // printed with 6 significant digits
  const auto calibration = attributes("calibrate");
  EXPECT_EQ(calibration.at("particles"), "8");
  EXPECT_EQ(calibration.at("norm"), "euclidean");
  EXPECT_EQ(calibration.at("stopped_after"), "2019-08-15");

  const auto compare = models::read_results_info(path("compare"));
  std::map<std::string, std::size_t> rows(compare.table_rows.begin(), compare.table_rows.end());
  EXPECT_EQ(rows.at("/comparison"), comparison_->size());
  EXPECT_EQ(rows.at("/paired_differences"), 2u);
  const auto sweep = models::read_results_info(path("sweep"));
  rows = {sweep.table_rows.begin(), sweep.table_rows.end()};
  EXPECT_EQ(rows.at("/sweep/points"), 2u);
  EXPECT_EQ(rows.at("/sweep/summary"), 4u);  // two points × two replications
}

TEST_F(WrittenFiles, a_shown_table_holds_what_was_computed) {
  const auto info = models::read_results_info(path("capacity"));
  const auto& relocations = info.shown.at(0);
  ASSERT_EQ(relocations.first, "/capacity/relocations");
  const auto& per_year = std::get<std::vector<double>>(column(relocations.second, "per_year").values);
  ASSERT_EQ(per_year.size(), capacity_->relocations.size());
  for (std::size_t i = 0; i < per_year.size(); ++i) EXPECT_TRUE(same(per_year[i], capacity_->relocations[i].per_year.mean));
}

TEST(ResultsIo, read_declared_table_gives_a_renamed_column_its_current_name) {
  const auto& schema = models::tables::capacity_relocations();
  const auto* renamed = schema.column("per_year");
  ASSERT_NE(renamed, nullptr);
  ASSERT_TRUE(renamed->renamed.has_value());
  const std::string old_name = renamed->renamed->from;
  const std::int64_t old_version = renamed->renamed->in_version - 1;

  const fs::path file = fs::temp_directory_path() / ("emile-test-renamed-" + std::to_string(::getpid()) + ".h5");
  {
    sim::Table table;  // as an older emile wrote it, under the former name
    table.add_column("territory", std::vector<std::string>{"all", "15"})
        .add_column("name", std::vector<std::string>{"programme", "Cantal"})
        .add_column(old_name, std::vector<double>{12.5, 3.25})
        .add_column("ci_low", std::vector<double>{10.0, 2.0})
        .add_column("ci_high", std::vector<double>{15.0, 4.5});
    sim::ResultsWriter out(file);
    out.write_table(schema.path, table);
    sim::Table current;  // a table that already has the current name
    current.add_column("per_year", std::vector<double>{1.0});
    out.write_table("/current", current);
    out.commit();
  }
  sim::ResultsReader in(file);
  const auto read = models::read_declared_table(in, schema, old_version);
  EXPECT_EQ(column_names(read), (std::vector<std::string>{"territory", "name", "per_year", "ci_low", "ci_high"}));
  EXPECT_EQ(std::get<std::vector<double>>(column(read, "per_year").values), (std::vector<double>{12.5, 3.25}));
  EXPECT_EQ(std::get<std::vector<std::string>>(column(read, "name").values), (std::vector<std::string>{"programme", "Cantal"}));
  // In a file of the current version the same name is no declared column: it is left as it is.
  const auto as_current = models::read_declared_table(in, schema, models::results_schema_version);
  EXPECT_EQ(column_names(as_current)[2], old_name);
  fs::remove(file);
}

TEST_F(WrittenFiles, an_older_capacity_file_is_checked_and_shown_under_the_current_column_names) {
  const auto& schema = models::tables::capacity_relocations();
  const std::int64_t old_version = schema.column("per_year")->renamed->in_version - 1;
  const std::string old_name = schema.column("per_year")->renamed->from;
  // What write_capacity wrote in that version: the same file with the former name and version.
  const auto write_old = [&](const fs::path& file, const std::string& column_name) {
    const auto current = models::relocations_table(*capacity_);
    sim::Table relocations;
    for (const auto& c : current.columns()) {
      std::visit([&](const auto& values) { relocations.add_column(c.name == "per_year" ? column_name : c.name, values); }, c.values);
    }
    sim::ResultsWriter out(file);
    models::write_provenance(out, capacity_->steady, capacity_->seed, capacity_->replications, "capacity", "emile capacity old");
    out.set_attribute("/", "schema_version", old_version);
    sim::ResultsReader written(path("capacity"));
    for (const char* name : {"warmup_weeks", "window_weeks"}) out.set_attribute("/", name, written.attribute_int("/", name));
    for (const char* name : {"window_first_day", "window_last_day"}) out.set_attribute("/", name, written.attribute_string("/", name));
    out.write_text("/scenario", written.read_text("/scenario"));
    out.write_text("/capacity/steady_state_scenario", written.read_text("/capacity/steady_state_scenario"));
    out.write_table(schema.path, relocations);
    out.write_table(models::resources_table(*capacity_));
    out.set_attribute("/capacity", "binding", std::string_view(capacity_->binding_label()));
    out.commit();
  };
  const fs::path old_file = *folder_ / "old-capacity.h5";
  write_old(old_file, old_name);
  const auto info = models::read_results_info(old_file);
  EXPECT_EQ(info.kind, &kind("capacity"));
  EXPECT_EQ(info.schema_version, old_version);
  ASSERT_EQ(info.shown.at(0).first, schema.path);
  const auto names = column_names(info.shown[0].second);
  EXPECT_NE(std::find(names.begin(), names.end(), "per_year"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), old_name), names.end());

  // A file of that version must hold the column under its former name.
  const fs::path misnamed = *folder_ / "misnamed-capacity.h5";
  write_old(misnamed, "per_year");
  sim::ResultsReader in(misnamed);
  try {
    models::check_results_layout(in);
    ADD_FAILURE() << "a version " << old_version << " file without column " << old_name << " was accepted";
  } catch (const sim::ResultsFileError& e) {
    EXPECT_NE(std::string(e.what()).find("no column " + old_name), std::string::npos) << e.what();
  }
}

TEST_F(WrittenFiles, a_file_of_a_newer_schema_version_is_refused_naming_both_versions) {
  const fs::path file = *folder_ / "newer.h5";
  {
    sim::ResultsWriter out(file);
    out.set_attribute("/", "schema_version", models::results_schema_version + 1);
    out.commit();
  }
  sim::ResultsReader in(file);
  try {
    models::check_results_layout(in);
    ADD_FAILURE() << "a newer file was accepted";
  } catch (const sim::ResultsFileError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("version " + std::to_string(models::results_schema_version + 1)), std::string::npos) << message;
    EXPECT_NE(message.find(std::to_string(models::results_schema_version)), std::string::npos) << message;
  }
}

TEST_F(WrittenFiles, a_cancelled_commit_throws_and_leaves_nothing) {
  const fs::path folder = *folder_ / "cancelled";
  fs::create_directories(folder);
  const std::atomic<bool> cancelled{true};
  {
    sim::ResultsWriter out(folder / "out.h5");
    out.set_attribute("/", "seed", 1);
    EXPECT_THROW(models::commit_unless_cancelled(out, &cancelled), models::Cancelled);
  }
  EXPECT_TRUE(entries(folder).empty());

  // A cancelled write_results leaves the previous file as it was.
  fs::copy_file(path("run"), folder / "previous.h5");
  const std::string before = bytes_of(folder / "previous.h5");
  EXPECT_THROW(models::write_results(folder / "previous.h5", "emile run cancelled", *base_, &cancelled), models::Cancelled);
  EXPECT_EQ(entries(folder), std::vector<std::string>{"previous.h5"});
  EXPECT_EQ(bytes_of(folder / "previous.h5"), before);

  // Not cancelled: committed.
  const std::atomic<bool> going_on{false};
  {
    sim::ResultsWriter out(folder / "out.h5");
    out.set_attribute("/", "seed", 1);
    models::commit_unless_cancelled(out, &going_on);
  }
  EXPECT_TRUE(fs::is_regular_file(folder / "out.h5"));
  sim::ResultsReader in(folder / "out.h5");
  EXPECT_EQ(in.attribute_int("/", "seed"), 1);
}
