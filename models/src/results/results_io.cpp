#include "emile/models/results/results_io.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/recording/summary.hpp"

#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <utility>

namespace emile::models {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

template <class T, class F>
std::vector<T> column(std::size_t rows, F&& value) {
  std::vector<T> out;
  out.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) out.push_back(static_cast<T>(value(i)));
  return out;
}

sim::Table territory_table(const Scenario& scenario) {
  const std::size_t rows = 1 + scenario.territories.size();
  const auto host = [&](std::size_t row) -> const TerritorySettings& { return scenario.territories[row - 1]; };
  sim::Table table;
  table.add_column("row", column<std::int64_t>(rows, [](std::size_t r) { return r; }), "territory index used in every other table")
      .add_column("code", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).code : scenario.origin.code; }))
      .add_column("name", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).name : scenario.origin.name; }))
      .add_column("role", column<std::string>(rows, [](std::size_t r) { return r ? "host" : "origin"; }))
      .add_column("cohort", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).cohort : std::string(); }))
      .add_column("join_date",
                  column<std::string>(rows, [&](std::size_t r) { return r ? host(r).join_date.iso() : scenario.run.start_date.iso(); }))
      .add_column("main_residences", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).main_residences : 0; }))
      .add_column("vacant_dwellings", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).vacant_dwellings : 0; }))
      .add_column("active", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).active : 0; }))
      .add_column("unemployed", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).unemployed : 0; }))
      .add_column("jobs", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).jobs : 0; }));
  return table;
}

// Every commune of every host territory's graph, territory by territory in graph order: a commune's row here is
// the offset of its territory plus its index in the territory's graph.
std::vector<std::size_t> commune_offsets(const Geography& geography) {
  std::vector<std::size_t> offsets{0};
  for (const auto& graph : geography.graphs) offsets.push_back(offsets.back() + graph->size());
  return offsets;
}

sim::Table communes_table(const Geography& geography) {
  std::vector<std::int64_t> row, territory, population;
  std::vector<std::string> code, name;
  std::vector<double> latitude, longitude;
  std::vector<std::uint8_t> hub, synthetic;
  for (std::size_t t = 0; t < geography.graphs.size(); ++t) {
    for (const Commune& c : geography.graphs[t]->communes()) {
      row.push_back(static_cast<std::int64_t>(row.size()));
      territory.push_back(static_cast<std::int64_t>(t + 1));
      code.push_back(c.code);
      name.push_back(c.name);
      latitude.push_back(c.latitude);
      longitude.push_back(c.longitude);
      population.push_back(c.population);
      hub.push_back(c.hub);
      synthetic.push_back(geography.synthetic);
    }
  }
  sim::Table table;
  table.add_column("row", std::move(row), "commune index used by /households/dwelling_commune")
      .add_column("territory", std::move(territory), "territory row, see /territories")
      .add_column("code", std::move(code), "INSEE code, or <département>-<rank> for a synthetic commune")
      .add_column("name", std::move(name))
      .add_column("latitude", std::move(latitude), "WGS84 degrees")
      .add_column("longitude", std::move(longitude), "WGS84 degrees")
      .add_column("population", std::move(population), "inhabitants")
      .add_column("hub", std::move(hub), "a service town with public transport")
      .add_column("synthetic", std::move(synthetic), "1: synthesised from the territory's figures; 0: read from a communes file");
  return table;
}

sim::Table stage_table() {
  sim::Table table;
  table.add_column("code", column<std::int64_t>(stage_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(stage_count, [](std::size_t i) { return std::string(name(all_stages[i])); }));
  return table;
}

sim::Table events_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, step, household, territory;
  std::vector<std::uint8_t> from, to;
  for (const auto& run : result.runs) {
    for (const auto& t : run.transitions) {
      replication.push_back(run.replication);
      step.push_back(t.step);
      household.push_back(t.household);
      from.push_back(static_cast<std::uint8_t>(t.from));
      to.push_back(static_cast<std::uint8_t>(t.to));
      territory.push_back(t.territory_row);
    }
  }
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("step", std::move(step))
      .add_column("household", std::move(household))
      .add_column("from", std::move(from), "stage code, see /stages")
      .add_column("to", std::move(to), "stage code, see /stages")
      .add_column("territory", std::move(territory), "territory row, see /territories");
  return table;
}

sim::Table households_table(const EnsembleResult& result) {
  const std::vector<std::size_t> offsets = commune_offsets(*result.geography);
  std::vector<std::int64_t> replication, household, territory, dwelling_commune;
  std::vector<std::uint8_t> adults, children, persons, skill, qualification, licence, car, situation, visited, stage;
  std::vector<double> motivation, rural;
  for (const auto& run : result.runs) {
    for (std::size_t i = 0; i < run.households.size(); ++i) {
      const auto& h = run.households[i];
      replication.push_back(run.replication);
      household.push_back(static_cast<std::int64_t>(i));
      adults.push_back(h.profile.adults);
      children.push_back(h.profile.children);
      persons.push_back(static_cast<std::uint8_t>(h.profile.persons()));
      skill.push_back(static_cast<std::uint8_t>(h.profile.skill));
      qualification.push_back(h.profile.qualification);
      licence.push_back(h.profile.licence);
      car.push_back(h.profile.car);
      situation.push_back(static_cast<std::uint8_t>(h.profile.situation));
      motivation.push_back(h.profile.motivation);
      rural.push_back(h.profile.rural_preference);
      territory.push_back(h.territory_row);
      visited.push_back(h.visited);
      stage.push_back(static_cast<std::uint8_t>(h.final_stage));
      dwelling_commune.push_back(h.home_commune == none ? -1
                                                        : static_cast<std::int64_t>(offsets[static_cast<std::size_t>(h.territory_row - 1)] +
                                                                                    static_cast<std::size_t>(h.home_commune)));
    }
  }
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("adults", std::move(adults))
      .add_column("children", std::move(children))
      .add_column("persons", std::move(persons))
      .add_column("skill", std::move(skill), "sector code, see /sectors")
      .add_column("qualification", std::move(qualification), "0 none, 1 CAP/BEP, 2 bac, 3 higher")
      .add_column("licence", std::move(licence))
      .add_column("car", std::move(car))
      .add_column("situation", std::move(situation), "0 hotel, 1 shelter, 2 hosted, 3 overcrowded")
      .add_column("motivation", std::move(motivation))
      .add_column("rural_preference", std::move(rural))
      .add_column("territory", std::move(territory), "host territory row; 0 if none was proposed")
      .add_column("visited", std::move(visited), "made an immersion visit")
      .add_column("final_stage", std::move(stage), "stage code, see /stages")
      .add_column("dwelling_commune", std::move(dwelling_commune),
                  "commune of the dwelling it moved into, see /communes; -1 if it never moved");
  return table;
}

sim::Table jobs_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, household, territory, employer, start, end;
  std::vector<std::string> contract, reason;
  for (const auto& run : result.runs) {
    for (const auto& j : run.jobs) {
      replication.push_back(run.replication);
      household.push_back(j.household);
      territory.push_back(j.territory_row);
      employer.push_back(j.employer);
      contract.emplace_back(name(j.contract));
      start.push_back(j.start);
      end.push_back(j.end);
      reason.emplace_back(job_end_names[static_cast<std::size_t>(j.reason)]);
    }
  }
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("territory", std::move(territory), "territory row")
      .add_column("employer", std::move(employer), "employer index within the territory")
      .add_column("contract", std::move(contract))
      .add_column("start_step", std::move(start))
      .add_column("end_step", std::move(end), "-1 while ongoing at the end of the run")
      .add_column("end_reason", std::move(reason));
  return table;
}

sim::Table summary_table(const EnsembleResult& result) {
  std::vector<Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(summarise(run, result.scenario));
  sim::Table table;
  table.add_column("replication", column<std::int64_t>(summaries.size(), [](std::size_t r) { return r; }));
  if (!summaries.empty()) {
    for (std::size_t c = 0; c < summaries[0].names.size(); ++c) {
      table.add_column(summaries[0].names[c], column<double>(summaries.size(), [&](std::size_t r) { return summaries[r].values[c]; }));
    }
  }
  table.add_column("first_visit_date",
                   column<std::string>(summaries.size(), [&](std::size_t r) { return summaries[r].first_visit_date; }),
                   "date of the first immersion visit, empty if none");
  return table;
}

// /ensemble/<metric>/{mean,q05,q50,q95}: per step and territory, over replications.
void write_ensemble_statistics(sim::ResultsWriter& out, const std::string& metric, const std::vector<std::int64_t>& data,
                               std::size_t replications, std::size_t cells, std::array<std::size_t, 2> shape) {
  std::vector<double> mean(cells), q05(cells), q50(cells), q95(cells), values(replications);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    for (std::size_t r = 0; r < replications; ++r) values[r] = static_cast<double>(data[r * cells + cell]);
    mean[cell] = sim::mean(values);
    q05[cell] = sim::quantile(values, 0.05);
    q50[cell] = sim::quantile(values, 0.50);
    q95[cell] = sim::quantile(values, 0.95);
  }
  const std::string group = "/ensemble/" + metric;
  out.write_array(group + "/mean", mean, shape);
  out.write_array(group + "/q05", q05, shape);
  out.write_array(group + "/q50", q50, shape);
  out.write_array(group + "/q95", q95, shape);
}

// ---- Checking a file read back -------------------------------------------------------------------------------

// What a column holds: integers, numbers (integers or floating-point) or strings.
enum class ColumnKind { integer, number, string };

struct TableLayout {
  const char* path;
  std::vector<std::pair<std::string, ColumnKind>> columns;  ///< the documented columns; a file may hold more
  std::optional<ColumnKind> others;                          ///< what any further column must hold
};

// The tables of a results file of schema `version`: version 2 added /communes and /households' dwelling_commune.
std::vector<TableLayout> run_tables(std::int64_t version) {
  constexpr auto i = ColumnKind::integer;
  constexpr auto f = ColumnKind::number;
  constexpr auto s = ColumnKind::string;
  std::vector<TableLayout> tables = {
      {"/territories",
       {{"row", i}, {"code", s}, {"name", s}, {"role", s}, {"cohort", s}, {"join_date", s}, {"main_residences", i},
        {"vacant_dwellings", i}, {"active", i}, {"unemployed", i}, {"jobs", i}},
       std::nullopt},
      {"/stages", {{"code", i}, {"name", s}}, std::nullopt},
      {"/sectors", {{"code", i}, {"name", s}}, std::nullopt},
      {"/events",
       {{"replication", i}, {"step", i}, {"household", i}, {"from", i}, {"to", i}, {"territory", i}},
       std::nullopt},
      {"/households",
       {{"replication", i}, {"household", i}, {"adults", i}, {"children", i}, {"persons", i}, {"skill", i},
        {"qualification", i}, {"licence", i}, {"car", i}, {"situation", i}, {"motivation", f}, {"rural_preference", f},
        {"territory", i}, {"visited", i}, {"final_stage", i}},
       std::nullopt},
      {"/jobs",
       {{"replication", i}, {"household", i}, {"territory", i}, {"employer", i}, {"contract", s}, {"start_step", i},
        {"end_step", i}, {"end_reason", s}},
       std::nullopt},
      {"/summary", {{"replication", i}, {"first_visit_date", s}}, f},  // then one number per headline outcome
  };
  if (version >= 2) {
    tables.push_back({"/communes",
                      {{"row", i}, {"territory", i}, {"code", s}, {"name", s}, {"latitude", f}, {"longitude", f},
                       {"population", i}, {"hub", i}, {"synthetic", i}},
                      std::nullopt});
    auto& households = *std::find_if(tables.begin(), tables.end(),
                                     [](const TableLayout& t) { return t.path == std::string_view("/households"); });
    households.columns.emplace_back("dwelling_commune", i);
  }
  return tables;
}

// The metrics of a results file of schema `version`: version 2 added `caseworkers`.
std::vector<std::string> run_metrics(std::int64_t version) {
  std::vector<std::string> metrics = metric_names();
  if (version < 2) std::erase(metrics, std::string("caseworkers"));
  return metrics;
}

[[noreturn]] void malformed(const sim::ResultsReader& in, std::string_view object, const std::string& problem) {
  throw sim::ResultsFileError(in.file().string() + ": " + std::string(object) + ": " + problem);
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? " x " : "") + std::to_string(shape[i]);
  return text + "]";
}

const char* class_text(sim::ResultsReader::ValueClass value_class) {
  switch (value_class) {
    case sim::ResultsReader::ValueClass::integer: return "integers";
    case sim::ResultsReader::ValueClass::floating_point: return "floating-point numbers";
    case sim::ResultsReader::ValueClass::string: return "strings";
    case sim::ResultsReader::ValueClass::other: break;
  }
  return "values of another type";
}

// Strings are read once here, so that damage in them (see sim::ResultsReader, "Damaged files") is refused by the
// layout check, before any other reader (h5py, in the Python package) meets it.
void read_if_strings(sim::ResultsReader& in, const std::string& path) {
  if (in.value_class(path) == sim::ResultsReader::ValueClass::string) in.read_strings(path);
}

// The dataset `path` must exist, hold `expected` values and have the shape `shape` (`meaning` says what its
// dimensions are, for the message).
void require_dataset(sim::ResultsReader& in, const std::string& path, sim::ResultsReader::ValueClass expected,
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

void require_kind(sim::ResultsReader& in, const std::string& path, ColumnKind kind) {
  using Class = sim::ResultsReader::ValueClass;
  const Class found = in.value_class(path);
  const bool fits = kind == ColumnKind::string    ? found == Class::string
                    : kind == ColumnKind::integer ? found == Class::integer
                                                  : found == Class::integer || found == Class::floating_point;
  if (!fits) {
    malformed(in, path, std::string("holds ") + class_text(found) + ", expected " +
                            (kind == ColumnKind::string ? "strings" : kind == ColumnKind::integer ? "integers" : "numbers"));
  }
}

// A table (see sim::ResultsWriter::write_table) with at least `table.columns`, all 1-D, equally long and holding
// what they should; returns its number of rows.
std::size_t check_table(sim::ResultsReader& in, const TableLayout& table) {
  if (!in.contains(table.path)) malformed(in, table.path, "not found");
  if (!in.has_attribute(table.path, "columns")) malformed(in, table.path, "not a table (no columns attribute)");
  const std::string listed = in.attribute_string(table.path, "columns");
  std::vector<std::string> columns;
  for (std::size_t begin = 0; begin <= listed.size();) {
    const std::size_t end = std::min(listed.find(',', begin), listed.size());
    columns.push_back(listed.substr(begin, end - begin));
    begin = end + 1;
  }
  for (const auto& [column, kind] : table.columns) {
    if (std::find(columns.begin(), columns.end(), column) == columns.end())
      malformed(in, table.path, "no column " + column + " (columns: " + listed + ")");
  }
  std::size_t rows = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string path = std::string(table.path) + "/" + columns[i];
    if (!in.contains(path)) malformed(in, path, "not found (listed in the table's columns)");
    const std::vector<std::size_t> shape = in.shape(path);
    if (shape.size() != 1) malformed(in, path, "shape " + shape_text(shape) + ", expected a column (1-D)");
    if (i == 0) {
      rows = shape[0];
    } else if (shape[0] != rows) {
      malformed(in, path, "holds " + std::to_string(shape[0]) + " rows, column " + columns[0] + " holds " +
                              std::to_string(rows));
    }
    const auto documented = std::find_if(table.columns.begin(), table.columns.end(),
                                         [&](const auto& column) { return column.first == columns[i]; });
    if (documented != table.columns.end()) {
      require_kind(in, path, documented->second);
    } else if (table.others) {
      require_kind(in, path, *table.others);
    }
    read_if_strings(in, path);
  }
  return rows;
}

}  // namespace

void write_provenance(sim::ResultsWriter& out, const Scenario& scenario, std::uint64_t seed, std::int64_t replications,
                      std::string_view analysis, std::string_view invocation) {
  out.set_attribute("/", "schema_version", results_schema_version);
  out.set_attribute("/", "emile_version", std::string_view(EMILE_VERSION));
  out.set_attribute("/", "analysis", analysis);
  out.set_attribute("/", "invocation", invocation);
  out.set_attribute("/", "scenario", std::string_view(scenario.run.name));
  out.set_attribute("/", "seed", static_cast<std::int64_t>(seed));
  out.set_attribute("/", "replications", replications);
  out.set_attribute("/", "start_date", std::string_view(scenario.run.start_date.iso()));
  out.set_attribute("/", "step_days", scenario.run.step_days);
  out.set_attribute("/", "created_utc", std::string_view(utc_now()));
}

void commit_unless_cancelled(sim::ResultsWriter& out, const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw Cancelled();
  out.commit();
}

void write_results(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& result,
                   const std::atomic<bool>* cancel) {
  const Scenario& scenario = result.scenario;
  sim::ResultsWriter out(path);
  write_provenance(out, scenario, result.seed, static_cast<std::int64_t>(result.runs.size()), "run", invocation);

  out.write_text("/scenario", to_toml(scenario));
  out.write_table("/territories", territory_table(scenario));
  out.write_table("/communes", communes_table(*result.geography));
  out.write_table("/stages", stage_table());
  sim::Table sectors;
  sectors.add_column("code", column<std::int64_t>(sector_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(sector_count, [](std::size_t i) { return std::string(name(static_cast<Sector>(i))); }));
  out.write_table("/sectors", sectors);

  out.write_strings("/timeseries/dates", result.dates);
  const std::size_t replications = result.runs.size();
  const std::size_t steps = result.dates.size();
  const std::size_t rows = 1 + scenario.territories.size();
  const std::array<std::size_t, 3> shape{replications, steps, rows};
  std::vector<std::int64_t> data(replications * steps * rows);
  const auto& names = metric_names();
  for (std::size_t m = 0; m < names.size(); ++m) {
    for (std::size_t r = 0; r < replications; ++r) {
      const auto* first = result.runs[r].values.data() + m * steps * rows;
      std::copy(first, first + steps * rows, data.begin() + static_cast<std::ptrdiff_t>(r * steps * rows));
    }
    out.write_array("/timeseries/" + names[m], data, shape);
    write_ensemble_statistics(out, names[m], data, replications, steps * rows, {steps, rows});
  }
  out.write_table("/events", events_table(result));
  out.write_table("/households", households_table(result));
  out.write_table("/jobs", jobs_table(result));
  out.write_table("/summary", summary_table(result));
  commit_unless_cancelled(out, cancel);
}

void check_results_layout(sim::ResultsReader& in) {
  const std::string file = in.file().string();
  if (!in.has_attribute("/", "schema_version"))
    throw sim::ResultsFileError(file + ": not an emile results file (no schema_version attribute at the root)");
  const std::int64_t version = in.attribute_int("/", "schema_version");
  const std::string readable = std::to_string(oldest_readable_schema_version) + " and " + std::to_string(results_schema_version);
  if (version > results_schema_version) {
    throw sim::ResultsFileError(file + ": results schema version " + std::to_string(version) +
                                " is newer than this emile reads (" + readable + "); update emile");
  }
  if (version < oldest_readable_schema_version) {
    throw sim::ResultsFileError(file + ": results schema version " + std::to_string(version) +
                                " is older than this emile reads (" + readable + "); rerun the scenario");
  }
  if (in.has_attribute("/", "analysis")) {
    const std::string analysis = in.attribute_string("/", "analysis");
    if (analysis != "run") {
      throw sim::ResultsFileError(file + ": written by `emile " + analysis +
                                  "`, not by `emile run`: it holds no replications to describe");
    }
  }
  for (const char* name : {"emile_version", "scenario", "start_date", "created_utc"}) in.attribute_string("/", name);
  if (version >= 2) in.attribute_string("/", "invocation");
  for (const char* name : {"seed", "replications", "step_days"}) in.attribute_int("/", name);
  const std::int64_t replications = in.attribute_int("/", "replications");
  if (replications < 1) malformed(in, "/", "attribute replications = " + std::to_string(replications) + ": must be ≥ 1");
  if (in.attribute_int("/", "step_days") < 1) malformed(in, "/", "attribute step_days: must be ≥ 1");

  require_dataset(in, "/scenario", sim::ResultsReader::ValueClass::string, {}, "(the scenario's TOML text)");
  std::size_t territories = 0;
  for (const TableLayout& table : run_tables(version)) {
    const std::size_t rows = check_table(in, table);
    if (table.path == std::string_view("/territories")) territories = rows;
    if (table.path == std::string_view("/summary") && rows != static_cast<std::size_t>(replications)) {
      malformed(in, table.path, "holds " + std::to_string(rows) + " rows, expected one per replication (" +
                                    std::to_string(replications) + ")");
    }
  }
  if (territories == 0) malformed(in, "/territories", "holds no rows, expected the origin and the host territories");
  if (!in.contains("/timeseries/dates")) malformed(in, "/timeseries/dates", "not found");
  const std::vector<std::size_t> dates = in.shape("/timeseries/dates");
  if (dates.size() != 1) malformed(in, "/timeseries/dates", "shape " + shape_text(dates) + ", expected a 1-D array (steps)");
  require_dataset(in, "/timeseries/dates", sim::ResultsReader::ValueClass::string, dates, "(steps)");
  const std::size_t steps = dates[0];
  for (const std::string& metric : run_metrics(version)) {
    require_dataset(in, "/timeseries/" + metric, sim::ResultsReader::ValueClass::integer,
                    {static_cast<std::size_t>(replications), steps, territories}, "(replications, steps, territories)");
    for (const char* statistic : {"mean", "q05", "q50", "q95"}) {
      require_dataset(in, "/ensemble/" + metric + "/" + statistic, sim::ResultsReader::ValueClass::floating_point,
                      {steps, territories}, "(steps, territories)");
    }
  }
}

ResultsInfo read_results_info(const std::filesystem::path& path) {
  sim::ResultsReader in(path);
  check_results_layout(in);
  ResultsInfo info;
  info.schema_version = in.attribute_int("/", "schema_version");
  info.emile_version = in.attribute_string("/", "emile_version");
  info.scenario = in.attribute_string("/", "scenario");
  info.seed = in.attribute_int("/", "seed");
  info.replications = in.attribute_int("/", "replications");
  info.start_date = in.attribute_string("/", "start_date");
  info.step_days = in.attribute_int("/", "step_days");
  info.created_utc = in.attribute_string("/", "created_utc");
  info.dates = in.read_strings("/timeseries/dates");
  info.territories = in.read_strings("/territories/code");
  const std::string columns = in.attribute_string("/summary", "columns");
  std::size_t begin = 0;
  while (begin <= columns.size()) {
    const std::size_t end = std::min(columns.find(',', begin), columns.size());
    const std::string name = columns.substr(begin, end - begin);
    if (name != "replication" && name != "first_visit_date") {
      const auto values = in.read_double("/summary/" + name);
      double sum = 0;
      for (double v : values) sum += v;
      info.summary_names.push_back(name);
      info.summary_means.push_back(values.empty() ? 0.0 : sum / static_cast<double>(values.size()));
    }
    begin = end + 1;
  }
  return info;
}

}  // namespace emile::models
