#include "emile/models/analyses/comparison.hpp"

#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/sim/results_file.hpp"

#include <stdexcept>

namespace emile::models {

PairedEstimate paired_estimate(std::span<const double> base, std::span<const double> variant) {
  std::vector<double> differences(base.size());
  for (std::size_t r = 0; r < base.size(); ++r) differences[r] = variant[r] - base[r];
  return {sim::mean(base), sim::mean(variant), sim::confidence_interval(differences), sim::ratio_interval(base, variant)};
}

void add_estimate_columns(sim::Table& table, const std::vector<PairedEstimate>& estimates) {
  using E = PairedEstimate;
  table.add_column("base_mean", sim::column_of(estimates, [](const E& e) { return e.base_mean; }))
      .add_column("variant_mean", sim::column_of(estimates, [](const E& e) { return e.variant_mean; }))
      .add_column("difference", sim::column_of(estimates, [](const E& e) { return e.difference.mean; }))
      .add_column("ci_low", sim::column_of(estimates, [](const E& e) { return e.difference.low; }))
      .add_column("ci_high", sim::column_of(estimates, [](const E& e) { return e.difference.high; }))
      .add_column("ratio", sim::column_of(estimates, [](const E& e) { return e.ratio.mean; }))
      .add_column("ratio_low", sim::column_of(estimates, [](const E& e) { return e.ratio.low; }))
      .add_column("ratio_high", sim::column_of(estimates, [](const E& e) { return e.ratio.high; }))
      .add_column("percent", sim::column_of(estimates, [](const E& e) { return percent_change(e.ratio.mean); }))
      .add_column("percent_low", sim::column_of(estimates, [](const E& e) { return percent_change(e.ratio.low); }))
      .add_column("percent_high", sim::column_of(estimates, [](const E& e) { return percent_change(e.ratio.high); }));
}

std::vector<OutcomeComparison> compare(const EnsembleResult& base, const EnsembleResult& variant) {
  if (base.seed != variant.seed || base.runs.size() != variant.runs.size()) {
    throw std::invalid_argument("a paired comparison needs the same seed and replications on both sides");
  }
  std::vector<Summary> base_summaries, variant_summaries;
  for (const auto& run : base.runs) base_summaries.push_back(summarise(run, base.scenario));
  for (const auto& run : variant.runs) variant_summaries.push_back(summarise(run, variant.scenario));

  std::vector<OutcomeComparison> out;
  if (base_summaries.empty()) return out;
  for (std::size_t c = 0; c < base_summaries.front().names.size(); ++c) {
    OutcomeComparison row;
    row.outcome = base_summaries.front().names[c];
    std::vector<double> base_values, variant_values;
    for (std::size_t r = 0; r < base_summaries.size(); ++r) {
      base_values.push_back(base_summaries[r].values[c]);
      variant_values.push_back(variant_summaries[r].values[c]);
      row.paired_differences.push_back(variant_summaries[r].values[c] - base_summaries[r].values[c]);
    }
    row.estimate = paired_estimate(base_values, variant_values);
    out.push_back(std::move(row));
  }
  return out;
}

sim::Table comparison_table(const std::vector<OutcomeComparison>& comparison) {
  using Row = OutcomeComparison;
  sim::Table table(tables::comparison());
  table.add_column("outcome", sim::column_of(comparison, [](const Row& r) { return r.outcome; }));
  add_estimate_columns(table, sim::column_of(comparison, [](const Row& r) { return r.estimate; }));
  return table;
}

void write_comparison(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& base,
                      const EnsembleResult& variant,
                      const std::vector<OutcomeComparison>& comparison, const std::vector<TerritoryComparison>& by_territory,
                      const std::atomic<bool>* cancel) {
  sim::ResultsWriter out(path);
  write_provenance(out, base.scenario, base.seed, static_cast<std::int64_t>(base.runs.size()), "compare", invocation, base.posterior);
  out.set_attribute("/", "variant_scenario", std::string_view(variant.scenario.run.name));
  out.write_text("/base_scenario", to_toml(base.scenario));
  out.write_text("/variant_scenario", to_toml(variant.scenario));
  out.write_table(comparison_table(comparison));

  sim::Table paired(tables::paired_differences());
  std::vector<std::int64_t> replications;
  for (std::size_t r = 0; r < base.runs.size(); ++r) replications.push_back(static_cast<std::int64_t>(r));
  paired.add_column("replication", std::move(replications));
  for (const auto& row : comparison) paired.add_column(row.outcome, row.paired_differences);
  out.write_table(paired);
  out.write_table(territory_comparison_table(by_territory));
  out.write_table(origin_host_comparison_table(compare_by_origin_host(base, variant)));
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
