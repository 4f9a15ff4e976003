#pragma once
// Calendar dates and the simulation clock.
//
// Time conventions: a step lasts `step_days` days (7 by default). Step k covers the days
// [start + step_days·k, start + step_days·(k+1)); the date recorded for it is its last day. A monthly quota
// belongs to the calendar month of the step's first day. A dated change takes effect from the step that
// contains its date.
#include <algorithm>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace emile::sim {

/// The one year of the model: the Julian year. Yearly rates become per-step probabilities and durations in
/// weeks through these (Clock::step_years, per_step_probability, hazards drawn in years and scheduled in weeks).
inline constexpr double days_per_year = 365.25;
inline constexpr double days_per_week = 7.0;
inline constexpr double weeks_per_year = days_per_year / days_per_week;

/// A day of the proleptic Gregorian calendar. A small value type: days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  /// Throws std::invalid_argument if (year, month, day) is not a real calendar day.
  static Date from_ymd(int year, unsigned month, unsigned day);
  /// Parses `YYYY-MM-DD`; throws std::invalid_argument naming the text otherwise.
  static Date parse(std::string_view text);
  static constexpr Date from_days_since_epoch(std::int32_t days) { return Date(days); }

  constexpr std::int32_t days_since_epoch() const { return days_; }
  int year() const;
  unsigned month() const;  ///< 1–12
  unsigned day() const;    ///< 1–31
  /// Months since year 0 (year·12 + month − 1): a key for monthly quotas.
  std::int32_t month_index() const;
  /// `YYYY-MM-DD`.
  std::string iso() const;

  constexpr Date plus_days(std::int32_t days) const { return Date(days_ + days); }
  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr std::int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

/// Step index. Step 0 starts on the run's start date.
using Step = std::int32_t;

/// Maps steps to dates and back.
/// The event-timing rule. The step in which an event at continuous time `time`, counted in steps from the start
/// of step 0, fires: ⌈time⌉ — step k takes the times in (k − 1, k], at its start. A time of a billion steps or
/// more (an infinite one included) gives a step no run reaches, which a step may be added to without overflow.
Step firing_step(double time);

class Clock {
 public:
  /// Throws std::invalid_argument unless step_days ≥ 1.
  Clock(Date start, int step_days);

  Date start() const { return start_; }
  int step_days() const { return step_days_; }
  /// Length of a step in years (step_days / 365.25), for turning annual rates into per-step ones.
  double step_years() const { return step_days_ / days_per_year; }

  Date first_day(Step step) const { return start_.plus_days(step * step_days_); }
  /// The date recorded for a step: its last day.
  Date last_day(Step step) const { return start_.plus_days(step * step_days_ + step_days_ - 1); }
  /// The step that contains `date` (negative when it precedes the start).
  Step step_of(Date date) const;
  /// Number of steps needed so that the last one contains `end` (at least 1 when end ≥ start; 0 otherwise).
  Step steps_until(Date end) const;
  /// Steps from the one in which a clock starts to the one in which an event `days` after that step's start
  /// fires: firing_step(days / step_days), at least 1 (no event fires in the step its clock starts in). For an
  /// exponential waiting time of rate r that is the per-step law, the event firing k ≥ 1 steps on with
  /// probability e^(−r(k−1)Δ) (1 − e^(−rΔ)), Δ the step length.
  Step steps_after_days(double days) const { return std::max<Step>(1, firing_step(days / step_days_)); }
  /// Month index (see Date::month_index) of the step's first day: the month a monthly quota is drawn from.
  std::int32_t quota_month(Step step) const { return first_day(step).month_index(); }

 private:
  Date start_;
  int step_days_;
};

}  // namespace emile::sim
