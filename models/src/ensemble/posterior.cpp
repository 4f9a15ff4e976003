#include "emile/models/ensemble/posterior.hpp"

#include "emile/models/agents/varied_world.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/random_stream.hpp"

namespace emile::models {
namespace {

sim::SourceLocation in_file(const Posterior& posterior) { return {posterior.file.string(), 0, 0}; }

}  // namespace

std::size_t Posterior::particle_for(std::uint64_t seed, std::size_t replication) const {
  sim::RandomStream stream({seed, 0}, purpose::posterior_draw, replication, 0);
  return draw(stream);
}

std::size_t Posterior::draw(sim::RandomStream& stream) const {
  const double u = stream.uniform();
  double cumulative = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    cumulative += weights[i];
    if (u < cumulative) return i;
  }
  return weights.size() - 1;
}

Scenario Posterior::applied(const Scenario& scenario, std::size_t particle) const {
  try {
    return with_parameters(scenario, keys, particles[particle]);
  } catch (const sim::ScenarioError& error) {
    throw sim::ScenarioError(in_file(*this), "/calibration/parameters", error.key(),
                             "the posterior's parameter cannot be set in scenario " + scenario.run.name + ": " + error.problem());
  }
}

bool Posterior::shapes_world(const Scenario& scenario) const {
  return varied_world(scenario, keys, column_ranges(particles, keys.size())).changes_markets;
}

CommuteLimits Posterior::reach(const Scenario& scenario) const {
  const VariedWorld world = varied_world(scenario, keys, column_ranges(particles, keys.size()));
  if (world.changes_graphs) {
    throw sim::ScenarioError(in_file(*this), "/calibration/parameters", "",
                             "the posterior draws a parameter that shapes the commune graphs, which an ensemble's "
                             "replications share; calibrate without it, or run its values as separate scenarios");
  }
  return world.reach;
}

void Posterior::require_untouched(const Scenario& scenario, const Scenario& changed, const std::string& what) const {
  const auto& schema = *scenario_schema().node();
  for (const auto& key : keys) {
    try {
      if (sim::get_value(schema, &scenario, key, in_file(*this)) == sim::get_value(schema, &changed, key, in_file(*this))) continue;
    } catch (const sim::ScenarioError& error) {
      throw sim::ScenarioError(in_file(*this), "/calibration/parameters", key,
                               "the posterior's parameter is none of scenario " + scenario.run.name + "'s: " + error.problem());
    }
    throw sim::ScenarioError(in_file(*this), "/calibration/parameters", key,
                             what + " changes " + key + ", which the posterior draws for every replication");
  }
}

}  // namespace emile::models
