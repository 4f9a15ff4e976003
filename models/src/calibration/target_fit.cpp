#include "emile/models/calibration/target_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace emile::models {
namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

// The record's rows a target counts: its host territory's, or every row.
std::vector<std::size_t> rows_of(const Target& target, const Scenario& scenario, const RunRecord& record) {
  if (target.territory.empty()) {
    std::vector<std::size_t> all(record.rows);
    for (std::size_t r = 0; r < all.size(); ++r) all[r] = r;
    return all;
  }
  const auto& ts = scenario.territories;
  const auto found = std::find_if(ts.begin(), ts.end(), [&](const auto& t) { return t.code == target.territory; });
  return {host_row(scenario, static_cast<std::size_t>(found - ts.begin()))};
}

// Entries into `flow` over steps [0, last], in `unit`, on `rows`.
double entries(const RunRecord& record, const std::string& flow, TargetUnit unit, const std::vector<std::size_t>& rows,
               sim::Step last) {
  const std::size_t metric = metric_index(flow + "_" + std::string(target_unit_names[static_cast<std::size_t>(unit)]));
  double total = 0;
  for (sim::Step s = 0; s <= last; ++s) {
    for (const std::size_t row : rows) total += static_cast<double>(record.value(metric, s, row));
  }
  return total;
}

double first_entry_days(const Target& target, const Scenario& scenario, const RunRecord& record,
                        const std::vector<std::size_t>& rows, const sim::Clock& clock) {
  const std::size_t metric = metric_index(target.flow + "_households");
  for (sim::Step s = 0; s < record.steps; ++s) {
    for (const std::size_t row : rows) {
      if (record.value(metric, s, row) > 0) return static_cast<double>(clock.last_day(s) - scenario.run.start_date);
    }
  }
  return static_cast<double>(clock.last_day(record.steps - 1) - scenario.run.start_date) + 1;
}

double median_days(const Target& target, const Scenario& scenario, const RunRecord& record, sim::Step last,
                   const sim::Clock& clock) {
  const Stage since = flow_stage(target.since), flow = flow_stage(target.flow);
  const std::int16_t row = target.territory.empty() ? -1 : static_cast<std::int16_t>(rows_of(target, scenario, record)[0]);
  std::vector<sim::Step> entered(record.households.size(), -1);
  std::vector<double> days;
  for (const Transition& t : record.transitions) {
    if (t.step > last) break;
    if (t.household >= entered.size()) entered.resize(t.household + 1, -1);
    if (t.to == since) entered[t.household] = t.step;
    if (t.to == flow && entered[t.household] >= 0 && (row < 0 || t.territory_row == row)) {
      days.push_back(static_cast<double>((t.step - entered[t.household]) * clock.step_days()));
    }
  }
  if (days.empty()) return missing;
  const auto middle = days.begin() + static_cast<std::ptrdiff_t>(days.size() / 2);
  std::nth_element(days.begin(), middle, days.end());
  if (days.size() % 2 == 1) return *middle;
  return 0.5 * (*middle + *std::max_element(days.begin(), middle));
}

}  // namespace

std::vector<double> simulated_values(const Targets& targets, const Scenario& scenario, const RunRecord& record) {
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  std::vector<double> values;
  values.reserve(targets.targets.size());
  for (const Target& target : targets.targets) {
    const auto rows = rows_of(target, scenario, record);
    const sim::Step last = std::min<sim::Step>(clock.step_of(target.date), record.steps - 1);
    switch (target.statistic) {
      case TargetStatistic::count: values.push_back(entries(record, target.flow, target.unit, rows, last)); break;
      case TargetStatistic::first: values.push_back(first_entry_days(target, scenario, record, rows, clock)); break;
      case TargetStatistic::median_days: values.push_back(median_days(target, scenario, record, last, clock)); break;
      case TargetStatistic::share: {
        const double of = entries(record, target.of, target.unit, rows, last);
        values.push_back(of > 0 ? entries(record, target.flow, target.unit, rows, last) / of : missing);
        break;
      }
    }
  }
  return values;
}

double target_distance(const Targets& targets, const Scenario& scenario, std::span<const double> simulated) {
  double sum = 0, largest = 0;
  for (std::size_t i = 0; i < targets.targets.size(); ++i) {
    const Target& target = targets.targets[i];
    if (std::isnan(simulated[i])) return std::numeric_limits<double>::infinity();
    const double error = std::abs(simulated[i] - observed_value(target, scenario)) / target.tolerance;
    largest = std::max(largest, error);
    sum += targets.distance.norm == DistanceNorm::euclidean ? error * error : error;
  }
  switch (targets.distance.norm) {
    case DistanceNorm::euclidean: return std::sqrt(sum);
    case DistanceNorm::manhattan: return sum;
    case DistanceNorm::maximum: return largest;
  }
  return largest;
}

}  // namespace emile::models
