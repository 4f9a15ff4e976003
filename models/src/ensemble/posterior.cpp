#include "emile/models/ensemble/posterior.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/starting_markets.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/sim/random_stream.hpp"

#include <algorithm>
#include <limits>

namespace emile::models {
namespace {

sim::SourceLocation in_file(const Posterior& posterior) { return {posterior.file.string(), 0, 0}; }

// `scenario` with each key of the posterior at the lowest and the highest value its particles give it, in turn.
template <class Visit>
void at_extremes(const Posterior& posterior, const Scenario& scenario, Visit&& visit) {
  for (std::size_t k = 0; k < posterior.keys.size(); ++k) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const auto& particle : posterior.particles) low = std::min(low, particle[k]), high = std::max(high, particle[k]);
    for (const double value : {low, high}) {
      Scenario end = scenario;
      set_parameter(end, posterior.keys[k], value);
      visit(end);
    }
  }
}

}  // namespace

std::size_t Posterior::particle_for(std::uint64_t seed, std::size_t replication) const {
  sim::RandomStream stream({seed, 0}, purpose::posterior_draw, replication, 0);
  const double u = stream.uniform();
  double cumulative = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    cumulative += weights[i];
    if (u < cumulative) return i;
  }
  return weights.size() - 1;
}

Scenario Posterior::applied(const Scenario& scenario, std::size_t particle) const {
  Scenario out = scenario;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    try {
      set_parameter(out, keys[k], particles[particle][k]);
    } catch (const sim::ScenarioError& error) {
      throw sim::ScenarioError(in_file(*this), "/calibration/parameters", keys[k],
                               "the posterior's parameter cannot be set in scenario " + scenario.run.name + ": " + error.problem());
    }
  }
  return out;
}

bool Posterior::shapes_world(const Scenario& scenario) const {
  const std::string world = world_signature(scenario);
  bool shapes = false;
  at_extremes(*this, scenario, [&](const Scenario& end) { shapes = shapes || world_signature(end) != world; });
  return shapes;
}

CommuteLimits Posterior::reach(const Scenario& scenario) const {
  CommuteLimits longest_reach = commute_reach(scenario);
  const std::string graphs = geography_signature(scenario);
  at_extremes(*this, scenario, [&](const Scenario& end) {
    if (geography_signature(end) != graphs) {
      throw sim::ScenarioError(in_file(*this), "/calibration/parameters", "",
                               "the posterior draws a parameter that shapes the commune graphs, which an ensemble's "
                               "replications share; calibrate without it, or run its values as separate scenarios");
    }
    longest_reach = longest(longest_reach, commute_reach(end));
  });
  return longest_reach;
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
