#include "emile/models/calibration/calibration_file.hpp"

#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emile::models {
namespace {

template <class T>
const std::vector<T>& column_named(const sim::Table& table, const std::string& name, const std::filesystem::path& file) {
  for (const auto& c : table.columns()) {
    if (c.name == name) return std::get<std::vector<T>>(c.values);
  }
  throw sim::ResultsFileError(file.string() + ": " + table.schema()->path + ": no column " + name);
}

}  // namespace

sim::Table parameters_table(const CalibrationResult& result) {
  const auto& first = result.abc.generations.front();
  const auto& last = result.abc.generations.back();
  std::vector<std::string> families;
  std::vector<double> low, high, prior_mean, prior_sd, mean, sd, q05, q50, q95;
  std::vector<std::uint8_t> integer;
  for (std::size_t k = 0; k < result.keys.size(); ++k) {
    const auto& prior = result.priors[k];
    families.emplace_back(sim::prior_kind_names[static_cast<std::size_t>(prior.kind)]);
    low.push_back(prior.low);
    high.push_back(prior.high);
    integer.push_back(prior.integer ? 1 : 0);
    prior_mean.push_back(first.weighted_mean(k));
    prior_sd.push_back(std::sqrt(first.weighted_variance(k)));
    mean.push_back(last.weighted_mean(k));
    sd.push_back(std::sqrt(last.weighted_variance(k)));
    q05.push_back(last.weighted_quantile(k, 0.05));
    q50.push_back(last.weighted_quantile(k, 0.5));
    q95.push_back(last.weighted_quantile(k, 0.95));
  }
  sim::Table table(tables::calibration_parameters());
  table.add_column("key", result.keys)
      .add_column("prior", families)
      .add_column("low", low)
      .add_column("high", high)
      .add_column("integer", integer)
      .add_column("prior_mean", prior_mean)
      .add_column("prior_sd", prior_sd)
      .add_column("posterior_mean", mean)
      .add_column("posterior_sd", sd)
      .add_column("q05", q05)
      .add_column("q50", q50)
      .add_column("q95", q95);
  return table;
}

sim::Table generations_table(const CalibrationResult& result) {
  const auto& generations = result.abc.generations;
  std::vector<std::int64_t> index;
  for (std::size_t g = 0; g < generations.size(); ++g) index.push_back(static_cast<std::int64_t>(g));
  sim::Table table(tables::calibration_generations());
  table.add_column("generation", index)
      .add_column("tolerance", sim::column_of(generations, [](const auto& g) { return g.tolerance; }))
      .add_column("proposals", sim::column_of(generations, [](const auto& g) { return static_cast<std::int64_t>(g.proposals); }))
      .add_column("accepted", sim::column_of(generations, [](const auto& g) { return static_cast<std::int64_t>(g.particles.size()); }))
      .add_column("acceptance", sim::column_of(generations, [](const auto& g) { return g.acceptance(); }))
      .add_column("ess", sim::column_of(generations, [](const auto& g) { return g.effective_sample_size(); }));
  return table;
}

sim::Table particles_table(const CalibrationResult& result) {
  std::vector<std::int64_t> generation, particle, proposal;
  std::vector<double> weight, distance;
  std::vector<std::vector<double>> values(result.keys.size()), fit(result.targets.targets.size());
  for (std::size_t g = 0; g < result.abc.generations.size(); ++g) {
    const auto& gen = result.abc.generations[g];
    for (std::size_t i = 0; i < gen.particles.size(); ++i) {
      generation.push_back(static_cast<std::int64_t>(g));
      particle.push_back(static_cast<std::int64_t>(i));
      proposal.push_back(static_cast<std::int64_t>(gen.proposal_ids[i]));
      weight.push_back(gen.weights[i]);
      distance.push_back(gen.distances[i]);
      for (std::size_t k = 0; k < values.size(); ++k) values[k].push_back(gen.particles[i][k]);
      for (std::size_t t = 0; t < fit.size(); ++t) fit[t].push_back(result.abc.generations[g].kept[i][t]);
    }
  }
  sim::Table table(tables::calibration_particles());
  table.add_column("generation", generation)
      .add_column("particle", particle)
      .add_column("proposal", proposal)
      .add_column("weight", weight)
      .add_column("distance", distance);
  for (std::size_t k = 0; k < values.size(); ++k) table.add_column(result.keys[k], values[k], "the parameter's value");
  for (std::size_t t = 0; t < fit.size(); ++t) {
    table.add_column("fit:" + result.targets.targets[t].name, fit[t], "the target's simulated value, mean over replicates");
  }
  return table;
}

sim::Table targets_table(const CalibrationResult& result) {
  const auto& targets = result.targets.targets;
  const auto& last = result.abc.generations.back();
  const auto& fit = result.abc.generations.back().kept;
  std::vector<double> observed, q05, q50, q95;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    observed.push_back(observed_value(targets[t], result.scenario));
    // The particles whose simulations showed the target (a median or share of no household shows nothing).
    std::vector<double> values, weights;
    for (std::size_t i = 0; i < fit.size(); ++i) {
      if (!std::isnan(fit[i][t])) values.push_back(fit[i][t]), weights.push_back(last.weights[i]);
    }
    const auto quantile = [&](double q) {
      return values.empty() ? std::numeric_limits<double>::quiet_NaN() : sim::weighted_quantile(values, weights, q);
    };
    q05.push_back(quantile(0.05));
    q50.push_back(quantile(0.5));
    q95.push_back(quantile(0.95));
  }
  const auto name_of = [](const auto& names, auto value) { return std::string(names[static_cast<std::size_t>(value)]); };
  sim::Table table(tables::calibration_targets());
  table.add_column("name", sim::column_of(targets, [](const Target& t) { return t.name; }))
      .add_column("statistic", sim::column_of(targets, [&](const Target& t) { return name_of(target_statistic_names, t.statistic); }))
      .add_column("flow", sim::column_of(targets, [](const Target& t) { return t.flow; }))
      .add_column("unit", sim::column_of(targets, [&](const Target& t) { return name_of(target_unit_names, t.unit); }))
      .add_column("territory", sim::column_of(targets, [](const Target& t) { return t.territory; }))
      .add_column("date", sim::column_of(targets, [](const Target& t) { return t.date.iso(); }))
      .add_column("observed", observed)
      .add_column("tolerance", sim::column_of(targets, [](const Target& t) { return t.tolerance; }))
      .add_column("q05", q05)
      .add_column("q50", q50)
      .add_column("q95", q95)
      .add_column("source", sim::column_of(targets, [](const Target& t) { return t.source; }));
  return table;
}

void write_calibration(const std::filesystem::path& path, std::string_view invocation, const CalibrationResult& result,
                       const std::atomic<bool>* cancel) {
  const auto& o = result.options;
  sim::ResultsWriter out(path);
  write_provenance(out, result.scenario, o.seed, o.replicates, "calibrate", invocation);
  out.set_attribute("/", "particles", static_cast<std::int64_t>(o.particles));
  out.set_attribute("/", "generations", static_cast<std::int64_t>(o.generations));
  out.set_attribute("/", "quantile", o.quantile);
  out.set_attribute("/", "min_acceptance", o.min_acceptance);
  out.set_attribute("/", "stopped_on_acceptance", std::int64_t{result.abc.stopped_on_acceptance ? 1 : 0});
  out.set_attribute("/", "norm", std::string(distance_norm_names[static_cast<std::size_t>(result.targets.distance.norm)]));
  out.set_attribute("/", "stopped_after", result.stopped_after.iso());
  out.set_attribute("/", "simulations", static_cast<std::int64_t>(result.cost.simulations));
  out.set_attribute("/", "worlds_drawn", static_cast<std::int64_t>(result.cost.worlds_drawn));
  out.set_attribute("/", "world_seconds", result.cost.world_seconds);
  out.set_attribute("/", "stepping_seconds", result.cost.stepping_seconds);
  out.set_attribute("/", "targets_seconds", result.cost.targets_seconds + result.distance_seconds);
  out.set_attribute("/", "wall_seconds", result.wall_seconds);
  out.write_text("/scenario", to_toml(result.scenario));
  out.write_text("/targets", to_toml(result.targets));
  out.write_table(parameters_table(result));
  out.write_table(targets_table(result));
  out.write_table(generations_table(result));
  out.write_table(particles_table(result));
  commit_unless_cancelled(out, cancel);
}

Posterior read_posterior(const std::filesystem::path& path) {
  sim::ResultsReader in(path);
  const FileKind& kind = check_results_layout(in);
  if (kind.analysis != "calibrate") {
    throw sim::ResultsFileError(path.string() + ": a `" + kind.analysis + "` file, not a calibration (`emile calibrate -o`)");
  }
  const std::int64_t version = in.attribute_int("/", "schema_version");
  const sim::Table parameters = read_declared_table(in, tables::calibration_parameters(), version);
  const sim::Table particles = read_declared_table(in, tables::calibration_particles(), version);
  Posterior posterior;
  posterior.file = path;
  posterior.keys = column_named<std::string>(parameters, "key", path);
  const auto& generation = column_named<std::int64_t>(particles, "generation", path);
  const auto& weight = column_named<double>(particles, "weight", path);
  if (generation.empty()) throw sim::ResultsFileError(path.string() + ": /calibration/particles: no particle");
  const std::int64_t last = *std::max_element(generation.begin(), generation.end());
  std::vector<const std::vector<double>*> values;
  for (const auto& key : posterior.keys) values.push_back(&column_named<double>(particles, key, path));
  double total = 0;
  for (std::size_t i = 0; i < generation.size(); ++i) {
    if (generation[i] != last) continue;
    std::vector<double> particle;
    for (const auto* v : values) particle.push_back((*v)[i]);
    posterior.particles.push_back(std::move(particle));
    posterior.weights.push_back(weight[i]);
    total += weight[i];
  }
  if (!(total > 0)) throw sim::ResultsFileError(path.string() + ": /calibration/particles: the last generation weighs nothing");
  for (double& w : posterior.weights) w /= total;
  return posterior;
}

}  // namespace emile::models
