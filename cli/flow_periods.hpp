#pragma once
// `--period`, `--by` and `--flow` on `run`, `compare` and `info`: one flow printed by territory, over a window of
// the run and each calendar period in it. A step counts, whole, in the period holding its first day
// (sim/calendar_periods.hpp).
#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/sim/calendar_periods.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace emile::cli {

struct PeriodArguments {
  std::string period;
  std::string by;
  std::string flow;  ///< empty: moved_households

  /// Declares --period, --by and --flow on `command`.
  void declare(CLI::App& command);
  /// Whether any of them was given (--flow alone: the flow over the whole run).
  bool given() const { return !period.empty() || !by.empty() || !flow.empty(); }
  /// The flow to print: --flow, or moved_households.
  std::string flow_name() const { return flow.empty() ? "moved_households" : flow; }
  /// --period, parsed; none when not given. Throws BadInput saying what was expected.
  std::optional<sim::Period> window() const;
  /// --by, parsed; none when not given. Throws BadInput listing the lengths.
  std::optional<sim::PeriodLength> length() const;
  /// Refuses (BadInput) a --flow that is no flow metric, listing them. Call before any work.
  void check() const;
};

/// The periods the arguments ask for over a run of `scenario` (models::comparison_periods). Called before the run, it
/// refuses (BadInput) what printing would refuse after it: a --flow that is no flow, or a --period outside the run.
std::vector<sim::Period> checked_periods(const PeriodArguments& arguments, const models::Scenario& scenario);

/// Prints `flow` compared by territory, period by period: base, variant, difference and change in percent with
/// their 95 % intervals. Territories with none of it on either side are left out, and counted.
void print_compared_flow(const std::vector<models::TerritoryComparison>& rows, const std::string& flow);

/// Prints `flow` (one of the origin × host flows, `moved_households`…) compared by origin and host over the whole
/// run, as print_compared_flow; pairs with none of it on either side are left out, and counted.
void print_compared_origin_host(const std::vector<models::OriginHostComparison>& rows, const std::string& flow);

/// Prints `arguments.flow` of the run file `file` by territory, for each period: the mean over replications of
/// its total there and the 5–95 % range of the totals (means alone, saying so, for a file recorded at `summary`).
/// Throws BadInput for a file that is no run file or a period outside its run.
void print_flow_by_period(const std::string& file, const PeriodArguments& arguments);

/// Prints the periods of a compare file's `/comparison_by_territory` that `arguments` selects. Throws BadInput
/// when the file holds none of them, naming the ones it holds.
void print_stored_comparison(const std::string& file, const PeriodArguments& arguments);

}  // namespace emile::cli
