#pragma once
// Variance-based sensitivity (`emile sensitivity --method sobol`): how much of each headline outcome's variance
// each uncertain parameter explains — alone (first-order index) and with its interactions (total index) — over
// the parameters' priors (`[[uncertain]]`) or a calibration's posterior.
//
// The design is sim::SaltelliDesign: N rows of A and of B, each parameter drawn independently from its prior (or,
// with a posterior, from its marginal: the value of a particle drawn by weight, a particle per parameter — the
// indices then treat the posterior's parameters as independent, which a posterior rarely makes them), and the
// N · d rows A_B^i: N (d + 2) points. Each point is an ensemble of the run's replications with the same seed
// (common random numbers), its outcome the mean over replications of the total over the run; the points run in
// parallel. Indices come with 95 % bootstrap intervals (sim::sobol_indices).
//
// Determinism: the design is a function of the seed; every number is the same for any thread count.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/ensemble/posterior.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/sobol.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

struct SobolOptions {
  /// Rows N of each of the two samples (default 128): the analysis runs N (d + 2) ensembles.
  std::int64_t samples = 128;
  /// Bootstrap resamples for the intervals (default 200).
  std::int64_t bootstrap = 200;
};

/// One parameter's indices on one outcome.
struct SobolEntry {
  std::string key;
  std::string outcome;
  sim::SobolIndex index;
};

struct SobolResult {
  Scenario scenario;  ///< as given
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  SobolOptions options;
  std::vector<std::string> keys;   ///< the uncertain parameters
  std::filesystem::path posterior;  ///< the posterior the values were drawn from; empty: the priors
  std::vector<std::vector<double>> points;    ///< [point][key]: the values applied
  std::vector<std::vector<double>> outcomes;  ///< [point][outcome]: sensitivity_outcomes(), mean over replications
  std::vector<SobolEntry> indices;            ///< parameter-major
};

/// Runs the analysis over the scenario's [[uncertain]] parameters' priors, or over the marginals of `posterior`
/// (its keys) when given. Progress, through run.progress, covers the whole analysis. Throws sim::ScenarioError (key
/// `uncertain`) when the scenario declares no uncertain parameter and no posterior is given, std::invalid_argument
/// for bad options, Cancelled when cancelled.
SobolResult analyse_sobol(const Scenario& scenario, const RunOptions& run, const SobolOptions& options = {},
                          const Posterior* posterior = nullptr);

/// The table `/sobol/indices`, as written and as emile.sensitivity(method="sobol") returns it.
sim::Table sobol_table(const std::vector<SobolEntry>& indices);

/// Writes the analysis atomically (as write_results): provenance (analysis `sobol`), root attributes samples,
/// bootstrap, inputs (`priors` or the posterior's file), `/scenario`, the tables `/sobol/indices` and
/// `/sobol/design` (point, each parameter's value, each outcome). Throws sim::ResultsFileError; Cancelled when
/// `cancel` has become true before the rename.
void write_sobol(const std::filesystem::path& path, std::string_view invocation, const SobolResult& result,
                 const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
