// Changes from a date given on a command line: `--set-from DATE:KEY=VALUE` as a dated `set` event.
#include "emile/models/scenario/scenario.hpp"

#include <algorithm>
#include <charconv>

namespace emile::models {

namespace {

// The value of a dated change: a number, or a boolean as 1 or 0.
std::optional<double> number_of(std::string_view text) {
  if (text == "true") return 1.0;
  if (text == "false") return 0.0;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The source locations of events at `position` and after, moved one place on.
void shift_event_locations(sim::SourceMap& locations, std::size_t position) {
  sim::SourceMap shifted;
  for (auto& [key, where] : locations) {
    std::size_t index = 0;
    const bool an_event = key.starts_with("event[") &&
                          std::from_chars(key.data() + 6, key.data() + key.size(), index).ec == std::errc();
    if (!an_event || index < position) {
      shifted.emplace(key, where);
      continue;
    }
    const std::size_t close = key.find(']');
    shifted.emplace("event[" + std::to_string(index + 1) + key.substr(close), where);
  }
  locations = std::move(shifted);
}

}  // namespace

void add_dated_change(Scenario& scenario, std::string_view text, std::string_view option) {
  const sim::SourceLocation given{std::string(option) + " " + std::string(text), 0, 0};
  const auto colon = text.find(':');
  const auto equals = text.find('=');
  if (colon == std::string_view::npos || equals == std::string_view::npos || equals < colon) {
    throw sim::ScenarioError(given, std::string(option), "\"" + std::string(text) + "\"",
                             "expected DATE:KEY=VALUE, such as 2021-01-01:origin.caseworkers=40");
  }
  const std::string key(text.substr(colon + 1, equals - colon - 1));
  const std::string value_text(text.substr(equals + 1));
  EventSettings change;
  change.kind = EventKind::set;
  change.key = key;
  try {
    change.date = sim::Date::parse(text.substr(0, colon));
  } catch (const std::invalid_argument&) {
    throw sim::ScenarioError(given, key, std::string(text.substr(0, colon)), "expected a date, YYYY-MM-DD");
  }
  const auto value = number_of(value_text);
  if (!value) {
    throw sim::ScenarioError(given, key, value_text,
                             "expected a number, or true or false: a dated change sets a numeric or boolean parameter");
  }
  change.value = *value;

  const auto at = std::upper_bound(scenario.events.begin(), scenario.events.end(), change.date,
                                   [](sim::Date date, const EventSettings& e) { return date < e.date; });
  const auto position = static_cast<std::size_t>(at - scenario.events.begin());
  Scenario changed = scenario;
  changed.events.insert(changed.events.begin() + static_cast<std::ptrdiff_t>(position), change);
  shift_event_locations(changed.locations, position);
  const std::string event = "event[" + std::to_string(position) + "]";
  for (const char* field : {"date", "kind", "key", "value"}) changed.locations[event + "." + field] = given;
  try {
    validate(changed);
  } catch (const sim::ScenarioError& e) {
    if (!e.key().starts_with(event + ".")) throw;
    throw sim::ScenarioError(given, key, e.key() == event + ".date" ? change.date.iso() : value_text, e.problem());
  }
  scenario = std::move(changed);
}

}  // namespace emile::models
