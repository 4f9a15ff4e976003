// `emile validate`, `emile info`, `emile tables` and `emile parameters`: look at scenarios, results files and
// their layout without running.
#include "arguments.hpp"
#include "flow_periods.hpp"
#include "commands.hpp"
#include "name_column.hpp"
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/results_file.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <vector>

namespace emile::cli {
namespace {

int validate(const std::string& path) {
  const auto scenario = models::load_scenario(path);
  std::printf("%s: valid (%s, %zu territories, %zu events, %s to %s)\n", path.c_str(), scenario.run.name.c_str(),
              scenario.territories.size(), scenario.events.size(), scenario.run.start_date.iso().c_str(),
              scenario.run.end_date.iso().c_str());
  return 0;
}

// Tables with more columns than this are printed transposed, one line per column.
constexpr std::size_t max_printed_columns = 12;

// A table read back from a file, as aligned text: strings left-aligned, numbers right-aligned (integers as
// they are, others with two decimals).
void print_table(const std::string& path, const sim::Table& table) {
  std::vector<std::vector<std::string>> cells(table.columns().size());
  std::vector<bool> numeric;
  for (std::size_t c = 0; c < table.columns().size(); ++c) {
    const auto& column = table.columns()[c];
    cells[c].push_back(column.name);
    std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          for (const auto& value : values) {
            if constexpr (std::is_same_v<T, std::string>) {
              cells[c].push_back(value);
            } else if constexpr (std::is_floating_point_v<T>) {
              char buffer[48];
              std::snprintf(buffer, sizeof buffer, "%.2f", value);
              cells[c].push_back(buffer);
            } else {
              cells[c].push_back(std::to_string(value));
            }
          }
          numeric.push_back(!std::is_same_v<T, std::string>);
        },
        column.values);
  }
  std::printf("\n%s:\n", path.c_str());
  if (cells.size() > max_printed_columns) {  // wide (one column per outcome): one line per column instead
    std::size_t width = 0;
    for (const auto& column : cells) width = std::max(width, display_width(column.front()));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::printf("  %s", padded(cells[c].front(), width).c_str());
      for (std::size_t r = 1; r <= table.rows(); ++r) std::printf(" %14s", cells[c][r].c_str());
      std::printf("\n");
    }
    return;
  }
  std::vector<std::size_t> widths(cells.size(), 0);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    for (const auto& cell : cells[c]) widths[c] = std::max(widths[c], display_width(cell));
  }
  for (std::size_t r = 0; r <= table.rows(); ++r) {
    std::printf(" ");
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool last = c + 1 == cells.size();
      std::printf(" %s", numeric[c] ? padded_left(cells[c][r], widths[c]).c_str()
                         : last     ? cells[c][r].c_str()  // no trailing spaces
                                    : padded(cells[c][r], widths[c]).c_str());
    }
    std::printf("\n");
  }
}

int info(const std::string& path, const PeriodArguments& periods) {
  periods.check();
  const models::ResultsInfo info = results_info(path);
  std::printf("file:          %s\n", path.c_str());
  std::printf("kind:          %s (%s)\n", info.kind->analysis.c_str(), info.kind->meaning.c_str());
  if (!info.invocation.empty()) std::printf("written by:    %s\n", info.invocation.c_str());
  std::printf("scenario:      %s\n", info.scenario.c_str());
  std::printf("emile version: %s (results schema %lld)\n", info.emile_version.c_str(), static_cast<long long>(info.schema_version));
  std::printf("created (UTC): %s\n", info.created_utc.c_str());
  std::printf("seed:          %lld, %lld replication(s)\n", static_cast<long long>(info.seed), static_cast<long long>(info.replications));
  for (const auto& [name, value] : info.attributes) std::printf("%-14s %s\n", (name + ":").c_str(), value.c_str());
  if (info.kind->analysis == "run") {
    std::printf("dates:         %s to %s, %zu steps of %lld days (from %s)\n", info.dates.empty() ? "-" : info.dates.front().c_str(),
                info.dates.empty() ? "-" : info.dates.back().c_str(), info.dates.size(), static_cast<long long>(info.step_days),
                info.start_date.c_str());
    std::printf("territories:  ");
    for (const auto& code : info.territories) std::printf(" %s", code.c_str());
    std::printf("\n\nheadline outcomes (mean over replications):\n");
    const int width = name_width(info.summary_names, "");
    for (std::size_t i = 0; i < info.summary_names.size(); ++i) {
      std::printf("  %-*s %12.2f\n", width, info.summary_names[i].c_str(), info.summary_means[i]);
    }
    if (periods.given()) print_flow_by_period(path, periods);
    return 0;
  }
  if (periods.given() && info.kind->analysis != "compare") {
    throw BadInput(path + ": --period, --by and --flow read a run file or a compare file, not a " + info.kind->analysis + " file");
  }
  std::printf("tables:       ");
  for (const auto& [table, rows] : info.table_rows) std::printf(" %s (%zu rows)", table.c_str(), rows);
  std::printf("\n");
  for (const auto& [table_path, table] : info.shown) print_table(table_path, table);
  if (periods.given()) print_stored_comparison(path, periods);
  return 0;
}

// Attributes as a Markdown table.
void print_attributes(const std::vector<models::AttributeSpec>& attributes) {
  std::printf("| attribute | of | type | meaning |\n|---|---|---|---|\n");
  for (const models::AttributeSpec& a : attributes) {
    const char* type = a.type == models::AttributeSpec::Type::integer  ? "int"
                       : a.type == models::AttributeSpec::Type::number ? "float"
                                                                       : "str";
    const std::string since = a.since > 1 ? " (since schema " + std::to_string(a.since) + ")" : "";
    std::printf("| `%s` | `%s` | %s | %s%s |\n", a.name.c_str(), a.object.c_str(), type, a.meaning.c_str(), since.c_str());
  }
  std::printf("\n");
}

// `emile tables`: every kind of results file and its declared tables, as Markdown (docs/output-format.md), or
// one line per column (`--list`, the checked-in tests/golden/tables.txt).
int tables(bool list) {
  if (!list) {
    std::printf("### Every file\n\nRoot attributes, whatever the kind:\n\n");
    print_attributes(models::provenance_attributes());
  }
  for (const models::FileKind& kind : models::file_kinds()) {
    if (list) {
      for (const sim::TableSchema* table : kind.tables) {
        for (const sim::ColumnSpec& column : table->columns) {
          std::printf("%s %s %s %s\n", kind.analysis.c_str(), table->path.c_str(), column.name.c_str(),
                      std::string(sim::name(column.type)).c_str());
        }
        if (table->further) {
          std::printf("%s %s %s %s (further)\n", kind.analysis.c_str(), table->path.c_str(), table->further->label.c_str(),
                      std::string(sim::name(table->further->type)).c_str());
        }
      }
      continue;
    }
    std::printf("### `%s` files\n\nWritten by `emile %s`: %s. Scenario texts (TOML): ", kind.analysis.c_str(),
                kind.analysis.c_str(), kind.meaning.c_str());
    for (std::size_t i = 0; i < kind.texts.size(); ++i) std::printf("%s`%s`", i ? ", " : "", kind.texts[i].c_str());
    std::printf(".\n\n");
    if (!kind.attributes.empty()) print_attributes(kind.attributes);
    for (const sim::TableSchema* table : kind.tables) std::printf("%s\n", sim::describe_markdown(*table).c_str());
  }
  return 0;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* command = app.add_subcommand("validate", "Check a scenario file without running it");
  add_examples(*command, {"emile validate scenarios/pilot-2019.toml"});
  command->add_option("scenario", *path, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  return {command, [path] { return validate(*path); }};
}

Command add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto periods = std::make_shared<PeriodArguments>();
  auto* command = app.add_subcommand("info", "Describe a results file of any kind: what wrote it, scenario, seeds, and its outcomes or tables");
  add_examples(*command, {"emile info pilot.h5", "emile info expansion-2021.h5 --by year --flow settled_households",
                          "emile info mobility-aid.h5 --period 2021"});
  command->add_option("results", *path, "Results file (HDF5)")->required()->check(CLI::ExistingFile);
  periods->declare(*command);
  return {command, [path, periods] { return info(*path, *periods); }};
}

Command add_tables_command(CLI::App& app) {
  auto list = std::make_shared<bool>(false);
  auto* command = app.add_subcommand(
      "tables", "Print every kind of results file and its tables (column, type, unit, meaning) as Markdown");
  add_examples(*command, {"emile tables", "emile tables --list"});
  command->add_flag("--list", *list, "One line per column instead: kind, table, column, type");
  return {command, [list] { return tables(*list); }};
}

Command add_parameters_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("parameters", "Print every scenario parameter (key, type, unit, default, rule, meaning) as Markdown");
  add_examples(*command, {"emile parameters > parameters.md"});
  return {command, [] {
            std::fputs(sim::describe_markdown(*models::scenario_schema().node()).c_str(), stdout);
            return 0;
          }};
}

}  // namespace emile::cli
