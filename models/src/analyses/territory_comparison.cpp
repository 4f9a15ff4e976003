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

// An origin or a host of either side, matched by its code: its index on each side, if it has one there.
struct Matched {
  std::string code;
  std::string name;
  std::optional<std::size_t> index[2];  ///< [0] base, [1] variant
};

// The base's origins (or hosts) in order, then the variant's the base does not have, with their positions.
template <class Settings>
std::vector<Matched> matched(const std::vector<Settings>& base, const std::vector<Settings>& variant) {
  std::vector<Matched> out;
  for (int side = 0; side < 2; ++side) {
    const auto& listed = side == 0 ? base : variant;
    for (std::size_t index = 0; index < listed.size(); ++index) {
      const auto& entry = listed[index];
      auto it = std::find_if(out.begin(), out.end(), [&](const Matched& m) { return m.code == entry.code; });
      if (it == out.end()) it = out.insert(out.end(), {entry.code, entry.name, {}});
      it->index[side] = index;
    }
  }
  return out;
}

std::vector<Matched> matched_origins(const Scenario& base, const Scenario& variant) {
  return matched(base.origins, variant.origins);
}

std::vector<Matched> matched_hosts(const Scenario& base, const Scenario& variant) {
  return matched(base.territories, variant.territories);
}

// The origins, then the hosts, each with its territory row on each side.
std::vector<Matched> matched_territories(const Scenario& base, const Scenario& variant) {
  std::vector<Matched> rows = matched_origins(base, variant);
  for (auto host : matched_hosts(base, variant)) {
    for (int side = 0; side < 2; ++side) {
      if (host.index[side]) host.index[side] = host_row(side == 0 ? base : variant, *host.index[side]);
    }
    rows.push_back(std::move(host));
  }
  return rows;
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
            if (!territories[t].index[side]) continue;  // not on this side: none of the flow
            const double total = runs[r].total(metric, *territories[t].index[side], steps.begin, steps.end);
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

std::vector<OriginHostComparison> compare_by_origin_host(const EnsembleResult& base, const EnsembleResult& variant) {
  if (base.seed != variant.seed || base.runs.size() != variant.runs.size()) {
    throw std::invalid_argument("a paired comparison needs the same seed and replications on both sides");
  }
  const auto origins = matched_origins(base.scenario, variant.scenario);
  const auto hosts = matched_hosts(base.scenario, variant.scenario);
  std::vector<OriginHostComparison> out;
  for (std::size_t flow = 0; flow < origin_host_flow_stages.size(); ++flow) {
    for (const auto& origin : origins) {
      for (const auto& host : hosts) {
        std::vector<double> totals[2];
        for (int side = 0; side < 2; ++side) {
          for (const auto& run : side == 0 ? base.runs : variant.runs) {
            // Neither the origin nor the host on this side: none of the flow.
            const bool both = origin.index[side] && host.index[side];
            totals[side].push_back(
                both ? static_cast<double>(run.origin_host_flow(*origin.index[side], *host.index[side], flow)) : 0.0);
          }
        }
        out.push_back({origin.code, host.code, std::string(name(origin_host_flow_stages[flow])) + "_households",
                       paired_estimate(totals[0], totals[1])});
      }
    }
  }
  return out;
}

sim::Table origin_host_comparison_table(const std::vector<OriginHostComparison>& rows) {
  using Row = OriginHostComparison;
  sim::Table table(tables::comparison_by_origin_host());
  table.add_column("origin", sim::column_of(rows, [](const Row& r) { return r.origin; }))
      .add_column("host", sim::column_of(rows, [](const Row& r) { return r.host; }))
      .add_column("outcome", sim::column_of(rows, [](const Row& r) { return r.outcome; }));
  add_estimate_columns(table, sim::column_of(rows, [](const Row& r) { return r.estimate; }));
  return table;
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
