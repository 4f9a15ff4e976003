#pragma once
// A posterior over some of a scenario's parameters — the last generation of a calibration (calibration_file.hpp
// reads it) — and the draw each replication makes from it (RunOptions::posterior, `--posterior`): what makes an
// ensemble's bands hold what the public record leaves open about the parameters as well as the random noise.
//
// Replication r of a run seeded s takes the particle drawn by weight from the stream (s, purpose posterior_draw,
// entity r): the same particle at any thread count, alone or in an ensemble, and for the base and the variant of
// a comparison.
#include "emile/models/foundations/commute_limits.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace emile::models {

struct Posterior {
  std::filesystem::path file;  ///< where it was read from, for messages and provenance
  std::vector<std::string> keys;               ///< dotted parameter keys
  std::vector<std::vector<double>> particles;  ///< [particle][key]
  std::vector<double> weights;                 ///< normalised

  /// The particle replication `replication` of a run seeded `seed` takes.
  std::size_t particle_for(std::uint64_t seed, std::size_t replication) const;
  /// A particle drawn by weight, from one uniform of `stream`.
  std::size_t draw(sim::RandomStream& stream) const;
  /// `scenario` with the values of particle `particle`. Throws sim::ScenarioError naming the posterior's file when a
  /// key names no parameter of the scenario or a value breaks its rule.
  Scenario applied(const Scenario& scenario, std::size_t particle) const;
  /// Whether some particle changes what the starting markets are drawn from (world_signature): then each
  /// replication draws its own.
  bool shapes_world(const Scenario& scenario) const;
  /// The longest commutes of `scenario` under every particle, for the geography the replications share. Throws
  /// sim::ScenarioError, naming the posterior's file, when a particle would change the commune graphs.
  CommuteLimits reach(const Scenario& scenario) const;
  /// Throws sim::ScenarioError, naming the posterior's file, unless every key names a parameter of `scenario` that
  /// `changed` leaves as `scenario` has it — an analysis may not vary what the posterior draws (the draw would
  /// undo it): `what` names the analysis' change in the message.
  void require_untouched(const Scenario& scenario, const Scenario& changed, const std::string& what) const;
};

}  // namespace emile::models
