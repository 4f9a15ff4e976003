#include "emile/models/analyses/sobol_sensitivity.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/varied_world.hpp"
#include "emile/models/analyses/sensitivity.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/executor.hpp"

#include <stdexcept>

namespace emile::models {
namespace {

// Draws a parameter's value: from its prior, or from the posterior's marginal.
std::function<double(std::size_t, sim::RandomStream&)> sampler(const Scenario& scenario, const Posterior* posterior) {
  if (posterior) {
    return [posterior](std::size_t i, sim::RandomStream& stream) { return posterior->particles[posterior->draw(stream)][i]; };
  }
  std::vector<sim::Prior> priors;
  for (std::size_t i = 0; i < scenario.uncertain.size(); ++i) priors.push_back(prior_of(scenario, i));
  return [priors](std::size_t i, sim::RandomStream& stream) { return priors[i].draw(stream); };
}

// The geography every point runs on: built for the longest commutes of any value, refused when a value would
// change the commune graphs.
std::shared_ptr<const Geography> shared_geography(const Scenario& scenario, const std::vector<std::string>& keys,
                                                  const std::vector<std::vector<double>>& points, int threads) {
  const VariedWorld world = varied_world(scenario, keys, column_ranges(points, keys.size()));
  if (world.changes_graphs) {
    throw sim::ScenarioError({scenario.source.string(), 0, 0}, "uncertain", keys[*world.changes_graphs],
                             "shapes the commune graphs, which the analysis' points share; leave it out");
  }
  return std::make_shared<const Geography>(build_geography(scenario, world.reach, sim::Executor(threads)));
}

}  // namespace

SobolResult analyse_sobol(const Scenario& scenario, const RunOptions& run, const SobolOptions& options,
                          const Posterior* posterior) {
  if (options.samples < 2 || options.samples > 1'000'000) {
    throw std::invalid_argument("samples = " + std::to_string(options.samples) + ": must be in [2, 1000000]");
  }
  if (options.bootstrap < 10 || options.bootstrap > 100'000) {
    throw std::invalid_argument("bootstrap = " + std::to_string(options.bootstrap) + ": must be in [10, 100000]");
  }
  SobolResult result;
  result.scenario = scenario;
  result.seed = run.seed;
  result.replications = run.replications;
  result.options = options;
  if (posterior) {
    result.keys = posterior->keys;
    result.posterior = posterior->file;
    posterior->applied(scenario, 0);  // throws, naming the posterior, when a key names no parameter
  } else {
    if (scenario.uncertain.empty()) {
      throw sim::ScenarioError({scenario.source.string(), 0, 0}, "uncertain", "",
                               "no [[uncertain]] parameter declared; Sobol indices need at least one (key and prior)");
    }
    for (const auto& u : scenario.uncertain) result.keys.push_back(u.key);
  }
  const sim::SaltelliDesign design(static_cast<std::size_t>(options.samples), result.keys.size(), sampler(scenario, posterior),
                                   run.seed);
  for (std::size_t k = 0; k < design.points(); ++k) result.points.push_back(design.point(k));
  const auto geography = shared_geography(scenario, result.keys, result.points, run.threads);

  std::atomic<std::size_t> done{0};
  const double total = static_cast<double>(result.points.size());
  const sim::Processes& processes = run.processes ? *run.processes : sim::this_process();
  result.outcomes = sim::share_with_everyone<std::vector<double>>(
      processes, sim::Executor(run.threads), result.points.size(), [&](std::size_t k) {
        const Scenario variant = with_parameters(scenario, result.keys, result.points[k]);
        RunOptions point = run;
        point.threads = 1;  // the points run in parallel, each in one process
        point.processes = nullptr;
        point.posterior = nullptr;
        point.progress = {};
        return outcome_means(run_ensemble(variant, point, geography));
      },
      [&](std::size_t) {
        if (run.progress) run.progress(static_cast<double>(++done) / total);
      });

  const auto& outcomes = sensitivity_outcomes();
  std::vector<std::vector<sim::SobolIndex>> by_outcome;
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    std::vector<double> values;
    for (const auto& point : result.outcomes) values.push_back(point[o]);
    by_outcome.push_back(sim::sobol_indices(design, values, static_cast<std::size_t>(options.bootstrap), run.seed));
  }
  for (std::size_t i = 0; i < result.keys.size(); ++i) {
    for (std::size_t o = 0; o < outcomes.size(); ++o) result.indices.push_back({result.keys[i], outcomes[o], by_outcome[o][i]});
  }
  return result;
}

sim::Table sobol_table(const std::vector<SobolEntry>& indices) {
  sim::Table table(tables::sobol_indices());
  table.add_column("parameter", sim::column_of(indices, [](const SobolEntry& e) { return e.key; }))
      .add_column("outcome", sim::column_of(indices, [](const SobolEntry& e) { return e.outcome; }))
      .add_column("first", sim::column_of(indices, [](const SobolEntry& e) { return e.index.first; }))
      .add_column("first_low", sim::column_of(indices, [](const SobolEntry& e) { return e.index.first_low; }))
      .add_column("first_high", sim::column_of(indices, [](const SobolEntry& e) { return e.index.first_high; }))
      .add_column("total", sim::column_of(indices, [](const SobolEntry& e) { return e.index.total; }))
      .add_column("total_low", sim::column_of(indices, [](const SobolEntry& e) { return e.index.total_low; }))
      .add_column("total_high", sim::column_of(indices, [](const SobolEntry& e) { return e.index.total_high; }));
  return table;
}

void write_sobol(const std::filesystem::path& path, std::string_view invocation, const SobolResult& result,
                 const std::atomic<bool>* cancel) {
  sim::ResultsWriter out(path);
  write_provenance(out, result.scenario, result.seed, result.replications, "sobol", invocation);
  out.set_attribute("/", "samples", result.options.samples);
  out.set_attribute("/", "bootstrap", result.options.bootstrap);
  out.set_attribute("/", "inputs", result.posterior.empty() ? std::string("priors") : result.posterior.string());
  out.write_text("/scenario", to_toml(result.scenario));
  out.write_table(sobol_table(result.indices));
  sim::Table design(tables::sobol_design());
  std::vector<std::int64_t> index(result.points.size());
  for (std::size_t k = 0; k < index.size(); ++k) index[k] = static_cast<std::int64_t>(k);
  design.add_column("point", index);
  for (std::size_t i = 0; i < result.keys.size(); ++i) {
    design.add_column(result.keys[i], sim::column_of(result.points, [i](const auto& p) { return p[i]; }), "value applied");
  }
  const auto& outcomes = sensitivity_outcomes();
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    design.add_column(outcomes[o], sim::column_of(result.outcomes, [o](const auto& p) { return p[o]; }),
                      "total over the run, mean over replications");
  }
  out.write_table(design);
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
