#include "emile/models/analyses/sweep.hpp"

#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace emile::models {

SweepAxis SweepAxis::parse(const std::string& text) {
  const auto fail = [&](const std::string& problem) {
    throw sim::ScenarioError({"--vary " + text, 0, 0}, "", "", problem);
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) fail("expected KEY=V1,V2,…");
  SweepAxis axis{text.substr(0, equals), {}};
  std::stringstream values(text.substr(equals + 1));
  for (std::string value; std::getline(values, value, ',');) {
    if (value.empty()) fail("empty value");
    axis.values.push_back(value);
  }
  if (axis.values.empty()) fail("no values");
  return axis;
}

Sweep::Sweep(std::vector<SweepAxis> axes) : axes_(std::move(axes)) {
  if (axes_.empty()) throw std::invalid_argument("a sweep needs at least one varied parameter");
  for (const auto& axis : axes_) {
    if (axis.values.empty()) throw std::invalid_argument("sweep axis " + axis.key + " has no values");
    size_ *= axis.values.size();
  }
}

void Sweep::check_distinct(const Scenario& base) const {
  std::vector<std::pair<sim::ParameterAddress, std::string>> seen;
  for (const auto& axis : axes_) {
    const sim::SourceLocation origin{"--vary " + axis.key, 0, 0};
    const auto address = sim::address_of(*scenario_schema().node(), &base, axis.key, origin);
    for (const auto& [other, key] : seen) {
      if (other == address) {
        throw sim::ScenarioError(origin, axis.key, "",
                                 key == axis.key ? "varied twice; give all its values in one --vary"
                                                 : "the same parameter as --vary " + key + "; vary it once");
      }
    }
    seen.emplace_back(address, axis.key);
  }
}

std::vector<sim::Override> Sweep::point(std::size_t index) const {
  if (index >= size_) throw std::out_of_range("sweep point " + std::to_string(index) + " of " + std::to_string(size_));
  std::vector<sim::Override> overrides(axes_.size());
  for (std::size_t a = axes_.size(); a-- > 0;) {
    const auto& axis = axes_[a];
    overrides[a] = {axis.key, axis.values[index % axis.values.size()], "--vary"};
    index /= axis.values.size();
  }
  return overrides;
}

void write_sweep(const std::filesystem::path& path, std::string_view invocation, const Sweep& sweep,
                 const std::vector<EnsembleResult>& points, const std::atomic<bool>* cancel) {
  if (points.size() != sweep.size()) throw std::invalid_argument("one ensemble per sweep point is needed");
  sim::ResultsWriter out(path);
  write_provenance(out, points.front().scenario, points.front().seed, static_cast<std::int64_t>(points.front().runs.size()),
                   "sweep", invocation, points.front().posterior);
  out.write_text("/scenario", to_toml(points.front().scenario));

  std::vector<std::int64_t> point_index;
  for (std::size_t p = 0; p < sweep.size(); ++p) point_index.push_back(static_cast<std::int64_t>(p));
  sim::Table grid(tables::sweep_points());
  grid.add_column("point", point_index);
  for (std::size_t a = 0; a < sweep.axes().size(); ++a) {
    std::vector<std::string> values;
    for (std::size_t p = 0; p < sweep.size(); ++p) values.push_back(sweep.point(p)[a].value);
    grid.add_column(sweep.axes()[a].key, std::move(values));
  }
  out.write_table(grid);

  std::vector<std::vector<Summary>> summaries(points.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (const auto& run : points[p].runs) summaries[p].push_back(summarise(run, points[p].scenario));
  }
  const auto& names = summaries.front().front().names;
  std::vector<std::int64_t> rows_point, rows_replication;
  std::vector<std::vector<double>> rows(names.size()), means(names.size());
  // /sweep/quantiles, point by point and outcome by outcome.
  std::vector<std::int64_t> spread_point;
  std::vector<std::string> spread_outcome;
  std::vector<double> spread_mean, q05, q50, q95;
  for (std::size_t p = 0; p < points.size(); ++p) {
    for (std::size_t r = 0; r < summaries[p].size(); ++r) {
      rows_point.push_back(static_cast<std::int64_t>(p));
      rows_replication.push_back(static_cast<std::int64_t>(r));
      for (std::size_t c = 0; c < names.size(); ++c) rows[c].push_back(summaries[p][r].values[c]);
    }
    for (std::size_t c = 0; c < names.size(); ++c) {
      std::vector<double> values;
      for (const auto& s : summaries[p]) values.push_back(s.values[c]);
      means[c].push_back(sim::mean(values));
      spread_point.push_back(static_cast<std::int64_t>(p));
      spread_outcome.push_back(names[c]);
      spread_mean.push_back(means[c].back());
      std::erase_if(values, [](double v) { return std::isnan(v); });
      constexpr double nan = std::numeric_limits<double>::quiet_NaN();
      q05.push_back(values.empty() ? nan : sim::quantile(values, 0.05));
      q50.push_back(values.empty() ? nan : sim::quantile(values, 0.5));
      q95.push_back(values.empty() ? nan : sim::quantile(values, 0.95));
    }
  }
  sim::Table summary(tables::sweep_summary()), mean_table(tables::sweep_means());
  summary.add_column("point", std::move(rows_point)).add_column("replication", std::move(rows_replication));
  mean_table.add_column("point", point_index);
  for (std::size_t c = 0; c < names.size(); ++c) {
    summary.add_column(names[c], std::move(rows[c]));
    mean_table.add_column(names[c], std::move(means[c]));
  }
  out.write_table(summary);
  out.write_table(mean_table);
  sim::Table spread(tables::sweep_quantiles());
  spread.add_column("point", std::move(spread_point))
      .add_column("outcome", std::move(spread_outcome))
      .add_column("mean", std::move(spread_mean))
      .add_column("q05", std::move(q05))
      .add_column("q50", std::move(q50))
      .add_column("q95", std::move(q95));
  out.write_table(spread);
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
