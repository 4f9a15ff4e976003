#pragma once
// Calendar periods that results are totalled over: a year, a quarter, a month, or any span of days.
//
// The rule for a step that straddles a boundary: a step counts, whole, in the period that holds its first day
// (as a monthly quota belongs to the month of its step's first day, calendar.hpp). Counts stay whole numbers and
// every step is in exactly one period of a partition. A run's steps all start on or before its end date (the last
// one is recorded on the day its 7 days end, possibly past the end date), so the calendar periods from a run's
// start to its end date hold every step of the run: "2021" of a run ending on 31 December 2021 holds its last
// step, recorded on 6 January 2022.
#include "emile/sim/calendar.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emile::sim {

/// Days `first` to `last`, both included, and how results name it: `2021`, `2021-Q3`, `2021-07`, or
/// `2021-03-01:2021-06-30` for a span given by its days.
struct Period {
  std::string label;
  Date first;
  Date last;

  /// Parses `FROM:TO` (two YYYY-MM-DD days, FROM ≤ TO) or a single calendar period written as a label
  /// (`2021`, `2021-Q3`, `2021-07`). Throws std::invalid_argument saying what was expected.
  static Period parse(std::string_view text);
  bool contains(Date day) const { return first <= day && day <= last; }
};

/// How finely a run's time is cut into calendar periods.
enum class PeriodLength { year, quarter, month };

/// Parses `year`, `quarter` or `month`; throws std::invalid_argument listing them.
PeriodLength parse_period_length(std::string_view text);

/// The steps a period counts: [begin, end), empty when begin == end.
struct StepRange {
  Step begin = 0;
  Step end = 0;
  bool empty() const { return begin >= end; }
};

/// The steps among the first `steps` of `clock` whose first day falls within `period`.
StepRange steps_in(const Clock& clock, Step steps, const Period& period);

/// The calendar periods of `length` holding the first day of at least one of the first `steps` steps, in order;
/// within `window` (when given) each is cut to the window's days and keeps its calendar label.
std::vector<Period> calendar_periods(const Clock& clock, Step steps, PeriodLength length,
                                     const std::optional<Period>& window = std::nullopt);

/// The periods results are reported over: the window (by default `run`, the whole run) and, with `by`, each
/// calendar period within it. Throws std::invalid_argument when the window holds none of the first `steps` steps,
/// naming the run's days.
std::vector<Period> reporting_periods(const Clock& clock, Step steps, const Period& run,
                                      const std::optional<Period>& window, const std::optional<PeriodLength>& by);

}  // namespace emile::sim
