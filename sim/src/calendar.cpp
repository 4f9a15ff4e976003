#include "emile/sim/calendar.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace emile::sim {
namespace {

std::chrono::year_month_day civil(std::int32_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

int parse_digits(std::string_view text, std::size_t begin, std::size_t count) {
  int value = 0;
  const char* first = text.data() + begin;
  const char* last = first + count;
  auto [end, error] = std::from_chars(first, last, value);
  if (error != std::errc{} || end != last) return -1;
  return value;
}

// Floor division: steps before the start have negative indices.
std::int32_t floor_div(std::int32_t a, std::int32_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!ymd.ok() || year < 1000 || year > 9999) {
    throw std::invalid_argument("not a calendar date: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                                std::to_string(day));
  }
  return Date(static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

Date Date::parse(std::string_view text) {
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const int year = shaped ? parse_digits(text, 0, 4) : -1;
  const int month = shaped ? parse_digits(text, 5, 2) : -1;
  const int day = shaped ? parse_digits(text, 8, 2) : -1;
  if (year < 0 || month < 0 || day < 0) {
    throw std::invalid_argument("expected a date as YYYY-MM-DD, got \"" + std::string(text) + "\"");
  }
  return from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

int Date::year() const { return static_cast<int>(civil(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(civil(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(civil(days_).day()); }
std::int32_t Date::month_index() const { return year() * 12 + static_cast<std::int32_t>(month()) - 1; }

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year(), month(), day());
  return buffer;
}

Clock::Clock(Date start, int step_days) : start_(start), step_days_(step_days) {
  if (step_days < 1) throw std::invalid_argument("step_days must be at least 1, got " + std::to_string(step_days));
}

Step Clock::step_of(Date date) const { return floor_div(date - start_, step_days_); }

Step Clock::steps_until(Date end) const { return end < start_ ? 0 : step_of(end) + 1; }

Step firing_step(double time) {
  if (!(time < 1e9)) return std::numeric_limits<Step>::max() / 2;
  return static_cast<Step>(std::ceil(time));
}

}  // namespace emile::sim
