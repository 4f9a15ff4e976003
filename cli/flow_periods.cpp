#include "flow_periods.hpp"

#include "arguments.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <variant>

namespace emile::cli {

namespace {

// A number with its sign, or `n/a` (a ratio of nothing).
std::string signed_number(double value, const char* suffix = "") {
  if (std::isnan(value)) return "n/a";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%+.1f%s", value, suffix);
  return buffer;
}

std::string number(double value) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string interval(double low, double high) {
  if (std::isnan(low) || std::isnan(high)) return "";
  return "[" + signed_number(low) + ", " + signed_number(high) + "]";
}

// The heading of a period's block: its label and its days.
std::string heading(const sim::Period& period) {
  return period.label + " (" + period.first.iso() + " to " + period.last.iso() + ")";
}

template <class T>
const std::vector<T>& column(const sim::Table& table, std::string_view name) {
  for (const auto& c : table.columns()) {
    if (c.name == name) return std::get<std::vector<T>>(c.values);
  }
  throw sim::ResultsFileError("no column " + std::string(name));
}

// The periods the arguments ask for, of a run of `steps` steps of `clock` whose whole window is `run`.
std::vector<sim::Period> asked_periods(const PeriodArguments& arguments, const sim::Clock& clock, sim::Step steps,
                                       const sim::Period& run) {
  try {
    return sim::reporting_periods(clock, steps, run, arguments.window(), arguments.length());
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--period: ") + e.what());
  }
}

}  // namespace

void PeriodArguments::declare(CLI::App& command) {
  command.add_option("--period", period,
                     "Report over these days only: FROM:TO (YYYY-MM-DD:YYYY-MM-DD) or a calendar period (2021, "
                     "2021-Q3, 2021-07); a step counts in the period holding its first day");
  command.add_option("--by", by, "Also report each calendar year, quarter or month of the run (or of --period)")
      ->check(CLI::IsMember({"year", "quarter", "month"}));
  command.add_option("--flow", flow,
                     "The flow printed by territory and period (default moved_households; any <flow>_households or "
                     "<flow>_persons)");
}

std::optional<sim::Period> PeriodArguments::window() const {
  if (period.empty()) return std::nullopt;
  try {
    return sim::Period::parse(period);
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--period ") + e.what());
  }
}

std::optional<sim::PeriodLength> PeriodArguments::length() const {
  if (by.empty()) return std::nullopt;
  try {
    return sim::parse_period_length(by);
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--by ") + e.what());
  }
}

void PeriodArguments::check() const {
  window();
  length();
  const auto flows = models::flow_metric_names();
  if (std::find(flows.begin(), flows.end(), flow_name()) != flows.end()) return;
  std::string list;
  for (const auto& name : flows) list += (list.empty() ? "" : ", ") + name;
  throw BadInput("--flow \"" + flow + "\": not a flow; the flows are " + list);
}

std::vector<sim::Period> checked_periods(const PeriodArguments& arguments, const models::Scenario& scenario) {
  arguments.check();
  try {
    return models::comparison_periods(scenario, arguments.window(), arguments.length());
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--period: ") + e.what());
  }
}

void print_compared_flow(const std::vector<models::TerritoryComparison>& rows, const std::string& flow) {
  std::size_t name_width = 9;
  for (const auto& row : rows) name_width = std::max(name_width, display_width(row.name));
  std::size_t left_out = 0;
  const auto close_block = [&] {
    if (left_out) std::printf("  (%zu %s with none on either side left out)\n", left_out, left_out == 1 ? "territory" : "territories");
    left_out = 0;
  };
  for (const auto& row : rows) {
    if (row.outcome != flow) continue;
    if (row.territory == "all") {  // rows come period by period, each period's programme row first
      close_block();
      std::printf("\n%s by territory, %s\n", flow.c_str(), heading(row.period).c_str());
      std::printf("  %-6s %s %10s %10s %11s %18s %10s %18s\n", "code", padded("territory", name_width).c_str(), "base",
                  "variant", "difference", "95 % CI", "change", "95 % CI");
    }
    const auto& e = row.estimate;
    if (row.territory != "all" && e.base_mean == 0 && e.variant_mean == 0) {
      ++left_out;
      continue;
    }
    std::printf("  %-6s %s %10s %10s %11s %18s %10s %18s\n", row.territory.c_str(), padded(row.name, name_width).c_str(),
                number(e.base_mean).c_str(), number(e.variant_mean).c_str(), signed_number(e.difference.mean).c_str(),
                interval(e.difference.low, e.difference.high).c_str(),
                signed_number(models::percent_change(e.ratio.mean), " %").c_str(),
                interval(models::percent_change(e.ratio.low), models::percent_change(e.ratio.high)).c_str());
  }
  close_block();
}

void print_compared_origin_host(const std::vector<models::OriginHostComparison>& rows, const std::string& flow) {
  std::printf("\n%s by origin and host over the whole run\n", flow.c_str());
  std::printf("  %-6s %-6s %10s %10s %11s %18s %10s %18s\n", "origin", "host", "base", "variant", "difference", "95 % CI",
              "change", "95 % CI");
  std::size_t left_out = 0;
  for (const auto& row : rows) {
    if (row.outcome != flow) continue;
    const auto& e = row.estimate;
    if (e.base_mean == 0 && e.variant_mean == 0) {
      ++left_out;
      continue;
    }
    std::printf("  %-6s %-6s %10s %10s %11s %18s %10s %18s\n", row.origin.c_str(), row.host.c_str(),
                number(e.base_mean).c_str(), number(e.variant_mean).c_str(), signed_number(e.difference.mean).c_str(),
                interval(e.difference.low, e.difference.high).c_str(),
                signed_number(models::percent_change(e.ratio.mean), " %").c_str(),
                interval(models::percent_change(e.ratio.low), models::percent_change(e.ratio.high)).c_str());
  }
  if (left_out) std::printf("  (%zu %s with none on either side left out)\n", left_out, left_out == 1 ? "pair" : "pairs");
}

void print_flow_by_period(const std::string& file, const PeriodArguments& arguments) {
  arguments.check();
  const models::ResultsInfo info = results_info(file);
  if (info.kind->analysis != "run") {
    throw BadInput(file + ": --period and --by read a run file or a compare file, not a " + info.kind->analysis + " file");
  }
  const sim::Clock clock(sim::Date::parse(info.start_date), static_cast<int>(info.step_days));
  const auto steps = static_cast<sim::Step>(info.dates.size());
  // Files before schema 10 do not record the run's end date: their run ends with its last step's first day.
  const sim::Period run{"run", clock.start(),
                        info.end_date.empty() ? clock.first_day(steps - 1) : sim::Date::parse(info.end_date)};
  const auto periods = asked_periods(arguments, clock, steps, run);

  sim::ResultsReader in(file);
  const sim::Table territories = models::read_declared_table(in, models::tables::territories(), info.schema_version);
  const auto& codes = column<std::string>(territories, "code");
  const auto& names = column<std::string>(territories, "name");
  const std::size_t rows = codes.size();
  const std::string series = "/timeseries/" + arguments.flow_name();
  const bool per_replication = in.contains(series);
  // values[(replication · steps + step) · rows + row]; with the means alone, one "replication".
  const std::vector<double> values = per_replication ? [&] {
    const auto counts = in.read_int64(series);
    return std::vector<double>(counts.begin(), counts.end());
  }() : in.read_double("/ensemble/" + arguments.flow_name() + "/mean");
  const std::size_t replications = values.size() / (static_cast<std::size_t>(steps) * rows);

  std::size_t name_width = 9;
  for (const auto& name : names) name_width = std::max(name_width, display_width(name));
  std::printf("\n%s by territory: mean over %zu replication(s)%s\n", arguments.flow_name().c_str(),
              per_replication ? replications : static_cast<std::size_t>(info.replications),
              per_replication ? ", and the 5–95 % range of the totals"
                              : " (the file is recorded at `summary`: record `series` for the ranges)");
  for (const auto& period : periods) {
    const auto span = sim::steps_in(clock, steps, period);
    std::printf("\n%s\n  %-6s %s %10s %10s %10s\n", heading(period).c_str(), "code",
                padded("territory", name_width).c_str(), "mean", "5 %", "95 %");
    std::vector<std::vector<double>> totals(rows + 1, std::vector<double>(replications, 0.0));
    for (std::size_t r = 0; r < replications; ++r) {
      for (sim::Step s = span.begin; s < span.end; ++s) {
        for (std::size_t row = 0; row < rows; ++row) {
          const double v = values[(r * static_cast<std::size_t>(steps) + static_cast<std::size_t>(s)) * rows + row];
          totals[row][r] += v;
          totals[rows][r] += v;
        }
      }
    }
    for (std::size_t k = 0; k <= rows; ++k) {
      const std::size_t row = k == 0 ? rows : k - 1;
      const double mean = sim::mean(totals[row]);
      if (row != rows && mean == 0) continue;
      std::printf("  %-6s %s %10s", row == rows ? "all" : codes[row].c_str(),
                  padded(row == rows ? "programme" : names[row], name_width).c_str(), number(mean).c_str());
      if (per_replication) {
        std::printf(" %10s %10s", number(sim::quantile(totals[row], 0.05)).c_str(),
                    number(sim::quantile(totals[row], 0.95)).c_str());
      }
      std::printf("\n");
    }
  }
}

void print_stored_comparison(const std::string& file, const PeriodArguments& arguments) {
  arguments.check();
  const models::ResultsInfo info = results_info(file);
  sim::ResultsReader in(file);
  if (!in.contains(models::tables::comparison_by_territory().path)) {
    throw BadInput(file + ": written before comparisons by territory (schema " + std::to_string(info.schema_version) +
                   "); run the comparison again");
  }
  const sim::Table table =
      models::read_declared_table(in, models::tables::comparison_by_territory(), info.schema_version);
  std::vector<models::TerritoryComparison> stored(table.rows());
  const auto& label = column<std::string>(table, "period");
  const auto& first = column<std::string>(table, "first_day");
  const auto& last = column<std::string>(table, "last_day");
  const auto& territory = column<std::string>(table, "territory");
  const auto& name = column<std::string>(table, "name");
  const auto& outcome = column<std::string>(table, "outcome");
  const auto& base_mean = column<double>(table, "base_mean");
  const auto& variant_mean = column<double>(table, "variant_mean");
  const auto& difference = column<double>(table, "difference");
  const auto& ci_low = column<double>(table, "ci_low");
  const auto& ci_high = column<double>(table, "ci_high");
  const auto& ratio = column<double>(table, "ratio");
  const auto& ratio_low = column<double>(table, "ratio_low");
  const auto& ratio_high = column<double>(table, "ratio_high");
  for (std::size_t i = 0; i < stored.size(); ++i) {
    auto& row = stored[i];
    row.period = {label[i], sim::Date::parse(first[i]), sim::Date::parse(last[i])};
    row.territory = territory[i];
    row.name = name[i];
    row.outcome = outcome[i];
    row.estimate = {base_mean[i], variant_mean[i], {difference[i], ci_low[i], ci_high[i]},
                    {ratio[i], ratio_low[i], ratio_high[i]}};
  }
  if (stored.empty()) return;
  const sim::Clock clock(sim::Date::parse(info.start_date), static_cast<int>(info.step_days));
  const sim::Period run = stored.front().period;
  const auto asked = asked_periods(arguments, clock, clock.steps_until(run.last), run);
  std::vector<models::TerritoryComparison> selected;
  std::string held;
  for (const auto& period : asked) {
    const auto before = selected.size();
    for (const auto& row : stored) {
      if (row.period.label == period.label && row.period.first == period.first && row.period.last == period.last) {
        selected.push_back(row);
      }
    }
    if (selected.size() > before) continue;
    for (const auto& row : stored) {
      if (row.territory == "all" && row.outcome == stored.front().outcome) held += (held.empty() ? "" : ", ") + row.period.label;
    }
    throw BadInput(file + ": holds no comparison over " + period.label + " (it holds " + held +
                   "); compare again with --period and --by to get it");
  }
  print_compared_flow(selected, arguments.flow_name());
}

}  // namespace emile::cli
