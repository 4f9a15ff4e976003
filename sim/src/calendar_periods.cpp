#include "emile/sim/calendar_periods.hpp"

#include <charconv>
#include <stdexcept>

namespace emile::sim {

namespace {

const std::string expected_period =
    "expected FROM:TO (two days, YYYY-MM-DD:YYYY-MM-DD) or a calendar period (2021, 2021-Q3 or 2021-07)";

// A whole number written with exactly `digits` digits, or nothing.
std::optional<int> number(std::string_view text, std::size_t digits) {
  int value = 0;
  if (text.size() != digits) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The first day of the calendar period of `length` after the one starting on `first`.
Date next_start(Date first, PeriodLength length) {
  const unsigned months = length == PeriodLength::year ? 12 : length == PeriodLength::quarter ? 3 : 1;
  const unsigned month = first.month() - 1 + months;
  return Date::from_ymd(first.year() + static_cast<int>(month / 12), month % 12 + 1, 1);
}

// The calendar period of `length` that holds `day`.
Period calendar_period(Date day, PeriodLength length) {
  Period period;
  switch (length) {
    case PeriodLength::year:
      period.first = Date::from_ymd(day.year(), 1, 1);
      period.label = std::to_string(day.year());
      break;
    case PeriodLength::quarter: {
      const unsigned quarter = (day.month() - 1) / 3;
      period.first = Date::from_ymd(day.year(), quarter * 3 + 1, 1);
      period.label = std::to_string(day.year()) + "-Q" + std::to_string(quarter + 1);
      break;
    }
    case PeriodLength::month:
      period.first = Date::from_ymd(day.year(), day.month(), 1);
      period.label = period.first.iso().substr(0, 7);
      break;
  }
  period.last = next_start(period.first, length).plus_days(-1);
  return period;
}

}  // namespace

Period Period::parse(std::string_view text) {
  const auto refuse = [&] { return std::invalid_argument("\"" + std::string(text) + "\": " + expected_period); };
  if (const auto colon = text.find(':'); colon != std::string_view::npos) {
    Period period;
    try {
      period.first = Date::parse(text.substr(0, colon));
      period.last = Date::parse(text.substr(colon + 1));
    } catch (const std::invalid_argument&) {
      throw refuse();
    }
    if (period.last < period.first) {
      throw std::invalid_argument("\"" + std::string(text) + "\": the period ends before it starts");
    }
    period.label = std::string(text);
    return period;
  }
  const auto year = number(text.substr(0, 4), 4);
  if (!year) throw refuse();
  if (text.size() == 4) return calendar_period(Date::from_ymd(*year, 1, 1), PeriodLength::year);
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q') {
    const auto quarter = number(text.substr(6), 1);
    if (!quarter || *quarter < 1 || *quarter > 4) throw refuse();
    return calendar_period(Date::from_ymd(*year, static_cast<unsigned>(*quarter * 3), 1), PeriodLength::quarter);
  }
  if (text.size() == 7 && text[4] == '-') {
    const auto month = number(text.substr(5), 2);
    if (!month || *month < 1 || *month > 12) throw refuse();
    return calendar_period(Date::from_ymd(*year, static_cast<unsigned>(*month), 1), PeriodLength::month);
  }
  throw refuse();
}

PeriodLength parse_period_length(std::string_view text) {
  if (text == "year") return PeriodLength::year;
  if (text == "quarter") return PeriodLength::quarter;
  if (text == "month") return PeriodLength::month;
  throw std::invalid_argument("\"" + std::string(text) + "\": expected year, quarter or month");
}

StepRange steps_in(const Clock& clock, Step steps, const Period& period) {
  const int days = clock.step_days();
  // First days are start + k·days: the first at or after period.first, the first after period.last.
  const auto first_at_or_after = [&](Date day) -> Step {
    const std::int32_t offset = day - clock.start();
    if (offset <= 0) return 0;
    return static_cast<Step>((offset + days - 1) / days);
  };
  const Step begin = std::min(first_at_or_after(period.first), steps);
  const Step end = std::min(first_at_or_after(period.last.plus_days(1)), steps);
  return {begin, std::max(begin, end)};
}

std::vector<Period> calendar_periods(const Clock& clock, Step steps, PeriodLength length,
                                     const std::optional<Period>& window) {
  std::vector<Period> periods;
  if (steps <= 0) return periods;
  for (Period period = calendar_period(clock.first_day(0), length); period.first <= clock.first_day(steps - 1);
       period = calendar_period(next_start(period.first, length), length)) {
    Period counted = period;
    if (window) {
      counted.first = std::max(period.first, window->first);
      counted.last = std::min(period.last, window->last);
      if (counted.last < counted.first) continue;
    }
    if (!steps_in(clock, steps, counted).empty()) periods.push_back(std::move(counted));
  }
  return periods;
}

std::vector<Period> reporting_periods(const Clock& clock, Step steps, const Period& run,
                                      const std::optional<Period>& window, const std::optional<PeriodLength>& by) {
  const Period& whole = window ? *window : run;
  if (steps_in(clock, steps, whole).empty()) {
    throw std::invalid_argument("the period " + whole.label + " holds no step of the run (" + run.first.iso() + " to " +
                                run.last.iso() + "; a step counts in the period holding its first day)");
  }
  std::vector<Period> periods = {whole};
  if (by) {
    for (auto& period : calendar_periods(clock, steps, *by, whole)) periods.push_back(std::move(period));
  }
  return periods;
}

}  // namespace emile::sim
