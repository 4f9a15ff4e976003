#include "emile/models/analyses/territory_comparison.hpp"

#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/tables.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace emile::models {

namespace {

sim::Clock clock_of(const Scenario& scenario) {
  return sim::Clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
}

}  // namespace

std::vector<sim::Period> comparison_periods(const Scenario& scenario, const std::optional<sim::Period>& window,
                                            const std::optional<sim::PeriodLength>& by) {
  const sim::Clock clock = clock_of(scenario);
  const sim::Period run{"run", scenario.run.start_date, scenario.run.end_date};
  return sim::reporting_periods(clock, clock.steps_until(scenario.run.end_date), run, window, by);
}

namespace {

// A territory of either side, matched by its code: its row on each side, if it has one there.
struct MatchedTerritory {
  std::string code;
  std::string name;
  std::optional<std::size_t> row[2];  ///< [0] base, [1] variant
};

// The base's origins in order, then the variant's the base does not have; then the hosts alike.
std::vector<MatchedTerritory> matched_territories(const Scenario& base, const Scenario& variant) {
  std::vector<MatchedTerritory> matched;
  const auto add = [&](const std::string& code, const std::string& name, int side, std::size_t row) {
    auto it = std::find_if(matched.begin(), matched.end(), [&](const MatchedTerritory& m) { return m.code == code; });
    if (it == matched.end()) it = matched.insert(matched.end(), {code, name, {}});
    it->row[side] = row;
  };
  for (int side = 0; side < 2; ++side) {
    const Scenario& scenario = side == 0 ? base : variant;
    for (std::size_t k = 0; k < scenario.origins.size(); ++k) add(scenario.origins[k].code, scenario.origins[k].name, side, k);
  }
  for (int side = 0; side < 2; ++side) {
    const Scenario& scenario = side == 0 ? base : variant;
    for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
      add(scenario.territories[i].code, scenario.territories[i].name, side, host_row(scenario, i));
    }
  }
  return matched;
}

}  // namespace

std::vector<TerritoryComparison> compare_by_territory(const EnsembleResult& base, const EnsembleResult& variant,
                                                      const std::vector<sim::Period>& periods) {
  if (base.seed != variant.seed || base.runs.size() != variant.runs.size()) {
    throw std::invalid_argument("a paired comparison needs the same seed and replications on both sides");
  }
  std::vector<TerritoryComparison> out;
  if (base.runs.empty()) return out;
  const auto territories = matched_territories(base.scenario, variant.scenario);
  const std::size_t count = territories.size();
  const sim::Clock clock[2] = {clock_of(base.scenario), clock_of(variant.scenario)};
  const auto flows = flow_metric_names();
  const std::size_t replications = base.runs.size();

  for (const auto& period : periods) {
    for (std::size_t metric = 0; metric < flows.size(); ++metric) {
      // totals[side][territory][replication], territory `count` being the programme's.
      std::vector<std::vector<double>> totals[2];
      for (int side = 0; side < 2; ++side) {
        const auto& runs = side == 0 ? base.runs : variant.runs;
        totals[side].assign(count + 1, std::vector<double>(replications, 0.0));
        for (std::size_t r = 0; r < replications; ++r) {
          const auto steps = sim::steps_in(clock[side], runs[r].steps, period);
          for (std::size_t t = 0; t < count; ++t) {
            if (!territories[t].row[side]) continue;  // not on this side: none of the flow
            const double total = runs[r].total(metric, *territories[t].row[side], steps.begin, steps.end);
            totals[side][t][r] = total;
            totals[side][count][r] += total;
          }
        }
      }
      for (std::size_t k = 0; k <= count; ++k) {
        const std::size_t t = k == 0 ? count : k - 1;  // the programme first, then the territories in order
        TerritoryComparison compared;
        compared.period = period;
        compared.territory = t == count ? "all" : territories[t].code;
        compared.name = t == count ? "programme" : territories[t].name;
        compared.outcome = flows[metric];
        compared.estimate = paired_estimate(totals[0][t], totals[1][t]);
        out.push_back(std::move(compared));
      }
    }
  }
  return out;
}

sim::Table territory_comparison_table(const std::vector<TerritoryComparison>& rows) {
  using Row = TerritoryComparison;
  sim::Table table(tables::comparison_by_territory());
  table.add_column("period", sim::column_of(rows, [](const Row& r) { return r.period.label; }))
      .add_column("first_day", sim::column_of(rows, [](const Row& r) { return r.period.first.iso(); }))
      .add_column("last_day", sim::column_of(rows, [](const Row& r) { return r.period.last.iso(); }))
      .add_column("territory", sim::column_of(rows, [](const Row& r) { return r.territory; }))
      .add_column("name", sim::column_of(rows, [](const Row& r) { return r.name; }))
      .add_column("outcome", sim::column_of(rows, [](const Row& r) { return r.outcome; }));
  add_estimate_columns(table, sim::column_of(rows, [](const Row& r) { return r.estimate; }));
  return table;
}

}  // namespace emile::models
