#pragma once
// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC, population Monte Carlo): a posterior over
// parameters for a simulator that can be run but whose likelihood cannot be written down. Domain-free: the caller
// gives the priors and a function that simulates at a parameter vector and returns its distance to the data.
//
// The method (Beaumont, Cornuet, Marin & Robert 2009, "Adaptive approximate Bayesian computation", Biometrika
// 96(4); Toni et al. 2009): generation 0 draws particles from the priors and keeps them all; each later generation
// sets its tolerance to a quantile of the previous generation's distances, proposes parameters by drawing a
// particle by weight and perturbing it with a Gaussian kernel of twice the weighted variance of each parameter,
// keeps the proposals whose distance is within the tolerance, and weighs each kept particle by prior density over
// the kernel mixture density. The effective sample size (1 / Σ w², weights normalised) says how many particles the
// weights are worth.
//
// Determinism: proposal k of generation g draws its perturbation from streams keyed by (seed, g, k) and is
// simulated with the key (g, k); proposals are evaluated in batches of fixed size, in parallel, and the first
// `particles` accepted in proposal order are kept. So the posterior is the same at any thread or process count.
#include "emile/sim/executor.hpp"
#include "emile/sim/processes.hpp"
#include "emile/sim/random_stream.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace emile::sim {

/// A prior over one parameter, truncated to [low, high] (the parameter's range; infinite bounds allowed for
/// `normal`). Integer parameters are rounded to the nearest integer after every draw and perturbation.
struct Prior {
  enum class Kind { uniform, log_uniform, normal, beta };
  Kind kind = Kind::uniform;
  double a = 0;  ///< uniform, log_uniform: lower end; normal: mean; beta: α (on [low, high] rescaled to [0, 1])
  double b = 1;  ///< uniform, log_uniform: upper end; normal: standard deviation; beta: β
  double low = -std::numeric_limits<double>::infinity();   ///< truncation
  double high = std::numeric_limits<double>::infinity();
  bool integer = false;

  /// Throws std::invalid_argument saying what is wrong: an empty or reversed interval, a log-uniform end ≤ 0,
  /// a standard deviation or shape ≤ 0, a beta without finite bounds, no mass inside the truncation.
  void check() const;
  /// The density up to a constant factor (the same for every value), 0 outside [low, high].
  double density(double x) const;
  /// A draw, by rejection from the untruncated distribution (after rounding, for an integer parameter).
  double draw(RandomStream& stream) const;
};

/// The names of Prior::Kind's values, in order, as scenario files spell them.
inline constexpr std::array<std::string_view, 4> prior_kind_names{"uniform", "log_uniform", "normal", "beta"};

struct AbcSettings {
  std::size_t particles = 1000;
  std::size_t generations = 5;
  double quantile = 0.5;          ///< of the last generation's distances: the next tolerance
  double min_acceptance = 0.01;   ///< stop early when a generation accepts fewer proposals than this share
  std::size_t batch = 0;          ///< proposals evaluated per batch (0: 2 × particles)
  std::uint64_t seed = 1;
};

struct AbcGeneration {
  double tolerance = 0;             ///< infinite for generation 0
  std::vector<std::vector<double>> particles;  ///< [particle][parameter]
  std::vector<double> weights;      ///< normalised
  std::vector<double> distances;
  std::vector<std::size_t> proposal_ids;  ///< the proposal (k) each particle was
  std::vector<std::vector<double>> kept;  ///< what the simulator kept of each particle (AbcSimulation::kept)
  std::size_t proposals = 0;        ///< simulated to fill it
  double acceptance() const { return proposals ? static_cast<double>(particles.size()) / proposals : 0; }
  double effective_sample_size() const;
  /// Parameter d's weighted mean Σ w x and weighted variance Σ w (x − mean)² over the particles.
  double weighted_mean(std::size_t d) const;
  double weighted_variance(std::size_t d) const;
  /// Parameter d's weighted q-quantile over the particles (sim::weighted_quantile).
  double weighted_quantile(std::size_t d, double q) const;
};

struct AbcResult {
  std::vector<AbcGeneration> generations;
  bool stopped_on_acceptance = false;  ///< the last generation tried accepted less than min_acceptance (not kept)
};

/// What a simulation at a proposal gives: its distance to the data (≥ 0; NaN counts as infinite) and what the
/// caller keeps of an accepted proposal (AbcGeneration::kept), such as the simulated values of the data.
struct AbcSimulation {
  AbcSimulation(double distance_ = 0, std::vector<double> kept_ = {}) : distance(distance_), kept(std::move(kept_)) {}
  double distance;
  std::vector<double> kept;
};

/// Simulates at `parameters` with the randomness keyed by (generation, proposal). Called concurrently from the
/// executor's threads of every process.
using AbcSimulator = std::function<AbcSimulation(std::span<const double> parameters, std::size_t generation, std::size_t proposal)>;

/// What run_abc_smc reports as it goes, from the calling thread; either may be empty.
struct AbcProgress {
  std::function<void(std::size_t generation, std::size_t accepted)> batch;  ///< after each batch of proposals
  std::function<void(const AbcGeneration&)> generation;                    ///< after each generation kept
};

/// Runs ABC-SMC, its proposals shared out over `processes` (every one calls this with the same arguments and
/// returns the same result). Throws std::invalid_argument for bad priors or settings, and whatever `simulate`
/// throws.
AbcResult run_abc_smc(std::span<const Prior> priors, const AbcSimulator& simulate, const AbcSettings& settings,
                      const Executor& executor, const AbcProgress& progress = {}, const Processes& processes = this_process());

}  // namespace emile::sim
