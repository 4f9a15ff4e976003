#include "emile/models/results/file_kinds.hpp"

#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/record_level.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace emile::models {
namespace {

using Type = AttributeSpec::Type;
using ValueClass = sim::ResultsReader::ValueClass;

// ---- The kinds ----------------------------------------------------------------------------------------------

std::vector<FileKind> declare_kinds() {
  using namespace tables;
  return {
      {"run",
       "the replications of one scenario: time series, events, households, jobs, headline outcomes",
       {"/scenario"},
       {{"/", "record", Type::text,
         "what the file holds of every replication: `summary`, `series` or `full` (see Record levels; `full` before "
         "schema 6)",
         6},
        {"/", "world", Type::text,
         "`run.world`: `shared`, one world drawn for every replication, or `per_replication`, each its own", 6},
        {"/", "stopped_after", Type::text,
         "the date every replication stopped after (`--stop-after`), `YYYY-MM-DD`; empty when they ran to the end", 6},
        {"/ensemble", "parameter_uncertainty", Type::integer,
         "1 when the replications drew their parameters from a posterior: the bands hold parameter uncertainty as "
         "well as noise; 0 when they hold noise alone", 8}},
       {&territories(), &communes(), &stages(), &sectors(), &events(), &households(), &jobs(), &outcomes(), &summary(),
        &origin_host_flows(), &origin_costs()},
       {}},
      {"compare",
       "a base and a variant scenario run with the same seeds, every headline outcome compared",
       {"/base_scenario", "/variant_scenario"},
       {{"/", "variant_scenario", Type::text, "the variant's `run.name`"}},
       {&comparison(), &paired_differences(), &comparison_by_territory(), &comparison_by_origin_host()},
       {&comparison()}},
      {"sweep",
       "a grid of parameter values, every point run with the same seeds",
       {"/scenario"},
       {},
       {&sweep_points(), &sweep_summary(), &sweep_means(), &sweep_quantiles()},
       {&sweep_points(), &sweep_means()}},
      {"capacity",
       "steady-state relocations, the wait for each resource and what one more unit of it adds",
       {"/scenario", "/capacity/steady_state_scenario"},
       {{"/", "warmup_weeks", Type::integer, "weeks simulated before measuring"},
        {"/", "window_weeks", Type::integer, "weeks measured"},
        {"/", "window_first_day", Type::text, "first day of the measured window"},
        {"/", "window_last_day", Type::text, "last day of the measured window"},
        {"/capacity", "binding", Type::text,
         "the binding constraint, or `none` (from schema 10, named by the rule of docs/analyses.md: told apart from 0 "
         "after a Holm correction, and from the runner-up; before, the largest mean gain)"},
        {"/capacity", "binding_statement", Type::text,
         "the verdict in one sentence: what binds and what one more unit adds, or why none is named and how many "
         "replications would separate the top two", 10},
        {"/capacity", "binding_reason", Type::text,
         "why the verdict is what it is: `binds`, `no_resource`, `one_replication` (no spread to test), "
         "`not_significant` (no gain told apart from 0 after the correction) or `not_separated` (the top two gains "
         "cannot be told apart)", 11},
        {"/capacity", "binding_top", Type::integer,
         "row of `/capacity/resources` with the largest mean gain (0-based; −1 when there is no row)", 11},
        {"/capacity", "binding_runner_up", Type::integer,
         "row with the next largest mean gain (the top row again when there is one row; −1 when none)", 11},
        {"/capacity", "binding_tested", Type::integer,
         "resources tested by the rule (a gain not 0 in some replication): the size of the Holm correction", 11},
        {"/capacity", "replications_to_separate", Type::integer,
         "replications that would tell the top two apart with the spread seen; 0 when not applicable", 11},
        {"/capacity", "closed_territories", Type::text,
         "codes of the territories closed over the whole window (open for proposals at none of its steps: by their dates or a pipeline of 0), left out of the tables; space-separated", 10}},
       {&capacity_relocations(), &capacity_resources()},
       {&capacity_relocations(), &capacity_resources()}},
      {"sensitivity",
       "Morris elementary effects of the scenario's levers on the headline outcomes",
       {"/scenario"},
       {{"/", "trajectories", Type::integer, "Morris trajectories"},
        {"/", "levels", Type::integer, "levels of the grid each lever moves on"},
        {"/", "delta", Type::number, "the step of a move, as a share of a lever's range"}},
       {&sensitivity_effects(), &sensitivity_design()},
       {&sensitivity_effects()}},
      {"sobol",
       "variance-based sensitivity: the share of each headline outcome's variance each uncertain parameter explains",
       {"/scenario"},
       {{"/", "samples", Type::integer, "rows N of each of the design's two samples: N (d + 2) ensembles", 9},
        {"/", "bootstrap", Type::integer, "bootstrap resamples behind the intervals", 9},
        {"/", "inputs", Type::text, "where the values were drawn from: `priors`, or the posterior's file", 9}},
       {&sobol_indices(), &sobol_design()},
       {&sobol_indices()}},
      {"calibrate",
       "a posterior over the scenario's uncertain parameters given observed targets (ABC-SMC)",
       {"/scenario", "/targets"},
       {{"/", "particles", Type::integer, "particles per generation", 7},
        {"/", "generations", Type::integer, "generations asked for (`/calibration/generations` holds those kept)", 7},
        {"/", "quantile", Type::number, "of a generation's distances: the next one's tolerance", 7},
        {"/", "min_acceptance", Type::number, "a generation accepting a smaller share of its proposals ended the calibration", 7},
        {"/", "stopped_on_acceptance", Type::integer, "1 when a generation accepted less than `min_acceptance` (not kept)", 7},
        {"/", "norm", Type::text, "how the targets' scaled errors combine: `euclidean`, `manhattan` or `max`", 7},
        {"/", "stopped_after", Type::text, "the last day every simulation ran, YYYY-MM-DD", 7},
        {"/", "simulations", Type::integer, "simulations run (proposals × replicates), by every process", 7},
        {"/", "worlds_drawn", Type::integer, "starting markets drawn for one simulation alone (parameters that shape the world)", 7},
        {"/", "world_seconds", Type::number, "thread time building worlds and each simulation's start, summed over the processes", 7},
        {"/", "stepping_seconds", Type::number, "thread time stepping the simulations, summed over the processes", 7},
        {"/", "targets_seconds", Type::number, "thread time reading the targets' values and distances, summed over the processes", 7},
        {"/", "wall_seconds", Type::number, "elapsed time of the calibration", 7}},
       {&calibration_parameters(), &calibration_generations(), &calibration_particles(), &calibration_targets()},
       {&calibration_parameters(), &calibration_generations(), &calibration_targets()}},
  };
}

// ---- Checking -----------------------------------------------------------------------------------------------

[[noreturn]] void malformed(const sim::ResultsReader& in, std::string_view object, const std::string& problem) {
  throw sim::ResultsFileError(in.file().string() + ": " + std::string(object) + ": " + problem);
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? " x " : "") + std::to_string(shape[i]);
  return text + "]";
}

const char* class_text(ValueClass value_class) {
  switch (value_class) {
    case ValueClass::integer: return "integers";
    case ValueClass::floating_point: return "floating-point numbers";
    case ValueClass::string: return "strings";
    case ValueClass::other: break;
  }
  return "values of another type";
}

// Strings are read once here, so that damage in them (see sim::ResultsReader, "Damaged files") is refused by the
// layout check, before any other reader (h5py, in the Python package) meets it.
void read_if_strings(sim::ResultsReader& in, const std::string& path) {
  if (in.value_class(path) == ValueClass::string) in.read_strings(path);
}

// The dataset `path` must exist, hold `expected` values and have the shape `shape` (`meaning` says what its
// dimensions are, for the message).
void require_dataset(sim::ResultsReader& in, const std::string& path, ValueClass expected,
                     const std::vector<std::size_t>& shape, std::string_view meaning) {
  if (!in.contains(path)) malformed(in, path, "not found");
  const std::vector<std::size_t> found = in.shape(path);
  if (found != shape) {
    malformed(in, path, "shape " + shape_text(found) + ", expected " + shape_text(shape) + " " + std::string(meaning));
  }
  const auto value_class = in.value_class(path);
  if (value_class != expected) {
    malformed(in, path, std::string("holds ") + class_text(value_class) + ", expected " + class_text(expected));
  }
  read_if_strings(in, path);
}

// A column of type `type` may hold: integers of any width for an integer type, any number for float64.
void require_type(sim::ResultsReader& in, const std::string& path, sim::ColumnType type) {
  const ValueClass found = in.value_class(path);
  const bool fits = type == sim::ColumnType::string    ? found == ValueClass::string
                    : type == sim::ColumnType::float64 ? found == ValueClass::integer || found == ValueClass::floating_point
                                                       : found == ValueClass::integer;
  if (!fits) {
    malformed(in, path, std::string("holds ") + class_text(found) + ", expected " +
                            (type == sim::ColumnType::string    ? "strings"
                             : type == sim::ColumnType::float64 ? "numbers"
                                                                : "integers"));
  }
}

std::vector<std::string> listed_columns(sim::ResultsReader& in, const std::string& table) {
  if (!in.contains(table)) malformed(in, table, "not found");
  if (!in.has_attribute(table, "columns")) malformed(in, table, "not a table (no columns attribute)");
  const std::string listed = in.attribute_string(table, "columns");
  std::vector<std::string> columns;
  for (std::size_t begin = 0; begin <= listed.size();) {
    const std::size_t end = std::min(listed.find(',', begin), listed.size());
    columns.push_back(listed.substr(begin, end - begin));
    begin = end + 1;
  }
  return columns;
}

// A declared table of a file of schema `version`: its columns (under the names of that version) all there, all
// 1-D, equally long and of their types; columns beyond the declared ones hold the further columns' type (any
// type when none are declared: a later version may add columns). Returns its number of rows.
std::size_t check_table(sim::ResultsReader& in, const sim::TableSchema& table, std::int64_t version) {
  const std::vector<std::string> columns = listed_columns(in, table.path);
  const std::string listed = in.attribute_string(table.path, "columns");
  for (const sim::ColumnSpec& spec : table.columns) {
    const auto name = spec.name_in(version);
    if (name && std::find(columns.begin(), columns.end(), *name) == columns.end())
      malformed(in, table.path, "no column " + *name + " (columns: " + listed + ")");
  }
  std::size_t rows = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string path = table.path + "/" + columns[i];
    if (!in.contains(path)) malformed(in, path, "not found (listed in the table's columns)");
    const std::vector<std::size_t> shape = in.shape(path);
    if (shape.size() != 1) malformed(in, path, "shape " + shape_text(shape) + ", expected a column (1-D)");
    if (i == 0) {
      rows = shape[0];
    } else if (shape[0] != rows) {
      malformed(in, path, "holds " + std::to_string(shape[0]) + " rows, column " + columns[0] + " holds " +
                              std::to_string(rows));
    }
    const auto declared = std::find_if(table.columns.begin(), table.columns.end(),
                                       [&](const sim::ColumnSpec& spec) { return spec.name_in(version) == columns[i]; });
    if (declared != table.columns.end()) {
      require_type(in, path, declared->type);
    } else if (table.further) {
      require_type(in, path, table.further->type);
    }
    read_if_strings(in, path);
  }
  return rows;
}

void check_attribute(sim::ResultsReader& in, const AttributeSpec& attribute) {
  if (!in.contains(attribute.object)) malformed(in, attribute.object, "not found");
  switch (attribute.type) {
    case Type::integer: in.attribute_int(attribute.object, attribute.name); break;
    case Type::number: in.attribute_double(attribute.object, attribute.name); break;
    case Type::text: in.attribute_string(attribute.object, attribute.name); break;
  }
}

// The metrics of a results file of schema `version`: version 2 added `caseworkers`.
std::vector<std::string> run_metrics(std::int64_t version) {
  std::vector<std::string> metrics = metric_names();
  if (version < 2) std::erase(metrics, std::string("caseworkers"));
  return metrics;
}

// What a `run` file holds beyond its tables: the time series (from record level `series`) and their ensemble
// statistics.
void check_run_arrays(sim::ResultsReader& in, std::int64_t version, std::int64_t replications, RecordLevel level) {
  const std::size_t territories = in.shape("/territories/row")[0];
  if (territories == 0) malformed(in, "/territories", "holds no rows, expected the origin and the host territories");
  const std::size_t summaries = in.shape("/summary/replication")[0];
  if (summaries != static_cast<std::size_t>(replications)) {
    malformed(in, "/summary", "holds " + std::to_string(summaries) + " rows, expected one per replication (" +
                                  std::to_string(replications) + ")");
  }
  if (!in.contains("/timeseries/dates")) malformed(in, "/timeseries/dates", "not found");
  const std::vector<std::size_t> dates = in.shape("/timeseries/dates");
  if (dates.size() != 1) malformed(in, "/timeseries/dates", "shape " + shape_text(dates) + ", expected a 1-D array (steps)");
  require_dataset(in, "/timeseries/dates", ValueClass::string, dates, "(steps)");
  const std::size_t steps = dates[0];
  for (const std::string& metric : run_metrics(version)) {
    if (level >= RecordLevel::series) {
      require_dataset(in, "/timeseries/" + metric, ValueClass::integer,
                      {static_cast<std::size_t>(replications), steps, territories}, "(replications, steps, territories)");
    }
    for (const char* statistic : {"mean", "q05", "q50", "q95"}) {
      require_dataset(in, "/ensemble/" + metric + "/" + statistic, ValueClass::floating_point, {steps, territories},
                      "(steps, territories)");
    }
  }
}

std::int64_t checked_version(sim::ResultsReader& in) {
  const std::string file = in.file().string();
  if (!in.has_attribute("/", "schema_version"))
    throw sim::ResultsFileError(file + ": not an emile results file (no schema_version attribute at the root)");
  const std::int64_t version = in.attribute_int("/", "schema_version");
  const std::string readable = std::to_string(oldest_readable_schema_version) + " to " + std::to_string(results_schema_version);
  if (version > results_schema_version) {
    throw sim::ResultsFileError(file + ": results schema version " + std::to_string(version) +
                                " is newer than this emile reads (" + readable + "); update emile");
  }
  if (version < oldest_readable_schema_version) {
    throw sim::ResultsFileError(file + ": results schema version " + std::to_string(version) +
                                " is older than this emile reads (" + readable + "); rerun the scenario");
  }
  return version;
}

const FileKind& kind_named(const sim::ResultsReader& in, const std::string& analysis) {
  for (const FileKind& kind : file_kinds()) {
    if (kind.analysis == analysis) return kind;
  }
  std::string known;
  for (const FileKind& kind : file_kinds()) known += (known.empty() ? "" : ", ") + kind.analysis;
  malformed(in, "/", "attribute analysis = \"" + analysis + "\": not a kind of file this emile reads (" + known + ")");
}

std::string attribute_text(sim::ResultsReader& in, const AttributeSpec& attribute) {
  switch (attribute.type) {
    case Type::integer: return std::to_string(in.attribute_int(attribute.object, attribute.name));
    case Type::number: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%g", in.attribute_double(attribute.object, attribute.name));
      return buffer;
    }
    case Type::text: return in.attribute_string(attribute.object, attribute.name);
  }
  return {};
}

}  // namespace

const std::vector<FileKind>& file_kinds() {
  static const std::vector<FileKind> kinds = declare_kinds();
  return kinds;
}

const std::vector<AttributeSpec>& provenance_attributes() {
  static const std::vector<AttributeSpec> attributes = {
      {"/", "schema_version", Type::integer, "version of the file's layout (see Schema versions)"},
      {"/", "emile_version", Type::text, "version of the program that wrote the file"},
      {"/", "analysis", Type::text, "the kind of file: what wrote it (`run`, `compare`, `sweep`, `capacity`, `sensitivity`, `sobol`, `calibrate`)"},
      {"/", "invocation", Type::text,
       "what wrote it: the command line, quoted for a POSIX shell (`emile run scenarios/pilot-2019.toml -r 20 -o "
       "pilot.h5`), or the Python call (`python: emile.run(Scenario 'pilot-2019' from '…', output='…', seed=7, "
       "replications=20)`)",
       2},
      {"/", "scenario", Type::text, "the scenario's `run.name`"},
      {"/", "seed", Type::integer, "the seed; replication r draws from streams keyed by (seed, r)"},
      {"/", "replications", Type::integer, "number of replications"},
      {"/", "start_date", Type::text, "first day of step 0, `YYYY-MM-DD`"},
      {"/", "end_date", Type::text,
       "`run.end_date`, the last day of the run, `YYYY-MM-DD` (its last step starts on or before it and is recorded "
       "on the day the step ends)",
       10},
      {"/", "step_days", Type::integer, "days per step"},
      {"/", "created_utc", Type::text, "creation time, `YYYY-MM-DDTHH:MM:SSZ`"},
      {"/", "posterior", Type::text,
       "the calibration file every replication drew its parameters from (`--posterior`); empty when none", 8},
  };
  return attributes;
}

const FileKind& check_results_layout(sim::ResultsReader& in) {
  const std::int64_t version = checked_version(in);
  // Files of schema 1 were all written by `emile run` and some lack the attribute.
  const std::string analysis = in.has_attribute("/", "analysis") ? in.attribute_string("/", "analysis") : "run";
  const FileKind& kind = kind_named(in, analysis);
  for (const AttributeSpec& attribute : provenance_attributes()) {
    if (attribute.name == "analysis" || version < attribute.since) continue;  // `analysis`: read above
    check_attribute(in, attribute);
  }
  const std::int64_t replications = in.attribute_int("/", "replications");
  if (replications < 1) malformed(in, "/", "attribute replications = " + std::to_string(replications) + ": must be ≥ 1");
  if (in.attribute_int("/", "step_days") < 1) malformed(in, "/", "attribute step_days: must be ≥ 1");
  for (const AttributeSpec& attribute : kind.attributes) {
    if (version >= attribute.since) check_attribute(in, attribute);
  }
  for (const std::string& text : kind.texts) require_dataset(in, text, ValueClass::string, {}, "(a scenario's TOML text)");
  const RecordLevel level = recorded_level(in, kind, version);
  for (const sim::TableSchema* table : kind.tables) {
    if (holds(*table, version, level)) check_table(in, *table, version);
  }
  if (kind.analysis == "run") check_run_arrays(in, version, replications, level);
  return kind;
}

RecordLevel recorded_level(sim::ResultsReader& in, const FileKind& kind, std::int64_t version) {
  if (kind.analysis != "run" || version < 6) return RecordLevel::full;
  const std::string text = in.attribute_string("/", "record");
  const auto level = record_level_named(text);
  if (!level) malformed(in, "/", "attribute record = \"" + text + "\": expected summary, series or full");
  return *level;
}

bool holds(const sim::TableSchema& table, std::int64_t version, RecordLevel level) {
  return version >= table.since && level >= recorded_from(table);
}

sim::Table read_declared_table(sim::ResultsReader& in, const sim::TableSchema& schema, std::int64_t version) {
  const sim::Table stored = in.read_table(schema.path);
  sim::Table table;
  for (const auto& column : stored.columns()) {
    const auto declared = std::find_if(schema.columns.begin(), schema.columns.end(),
                                       [&](const sim::ColumnSpec& spec) { return spec.name_in(version) == column.name; });
    const std::string& name = declared != schema.columns.end() ? declared->name : column.name;
    std::visit([&](const auto& values) { table.add_column(name, values); }, column.values);
  }
  return table;
}

ResultsInfo read_results_info(const std::filesystem::path& path) {
  sim::ResultsReader in(path);
  ResultsInfo info;
  info.kind = &check_results_layout(in);
  info.schema_version = in.attribute_int("/", "schema_version");
  info.emile_version = in.attribute_string("/", "emile_version");
  if (in.has_attribute("/", "invocation")) info.invocation = in.attribute_string("/", "invocation");
  info.scenario = in.attribute_string("/", "scenario");
  info.seed = in.attribute_int("/", "seed");
  info.replications = in.attribute_int("/", "replications");
  info.start_date = in.attribute_string("/", "start_date");
  if (info.schema_version >= 10) info.end_date = in.attribute_string("/", "end_date");
  info.step_days = in.attribute_int("/", "step_days");
  info.created_utc = in.attribute_string("/", "created_utc");
  const RecordLevel level = recorded_level(in, *info.kind, info.schema_version);
  for (const AttributeSpec& attribute : info.kind->attributes) {
    if (info.schema_version < attribute.since) continue;
    info.attributes.emplace_back(attribute.object == "/" ? attribute.name : attribute.object.substr(1) + "/" + attribute.name,
                                 attribute_text(in, attribute));
  }
  for (const sim::TableSchema* table : info.kind->tables) {
    if (!holds(*table, info.schema_version, level)) continue;
    info.table_rows.emplace_back(table->path, in.shape(table->path + "/" + listed_columns(in, table->path).front())[0]);
  }
  for (const sim::TableSchema* table : info.kind->shown) {
    info.shown.emplace_back(table->path, read_declared_table(in, *table, info.schema_version));
  }
  if (info.kind->analysis != "run") return info;

  info.dates = in.read_strings("/timeseries/dates");
  info.territories = in.read_strings("/territories/code");
  for (const std::string& name : listed_columns(in, "/summary")) {
    if (name == "replication" || name == "first_visit_date") continue;
    const auto values = in.read_double("/summary/" + name);
    double sum = 0;
    for (double v : values) sum += v;
    info.summary_names.push_back(name);
    info.summary_means.push_back(values.empty() ? 0.0 : sum / static_cast<double>(values.size()));
  }
  return info;
}

}  // namespace emile::models
