#pragma once
// Sensitivity analysis: Morris elementary effects of the scenario's levers (`[[lever]]`: key, min, max) on the
// headline outcomes.
//
// Design (Morris 1991): r trajectories on a grid of p levels in the unit hypercube of the normalised levers
// (x = 0 is the lever's min, x = 1 its max), with the jump Δ = p / (2(p − 1)) (2/3 for p = 4). Each trajectory
// starts from a random base point whose coordinates are levels 0 … 1 − Δ, with a random direction per lever,
// and changes the levers one at a time, in a random order, by +Δ or −Δ: k levers give k + 1 points. The design
// is a deterministic function of the seed (random stream purpose `sensitivity_design`, entity = trajectory).
//
// A point's lever values are min + x (max − min); integer parameters are rounded to the nearest integer,
// boolean ones are true when that value is ≥ 0.5. Each lever sets the parameter's starting value: a dated
// `set` event on the same key still applies from its date. Each point is an ensemble of the run's
// replications with the same seed, so points share their random numbers (common random numbers) and a lever
// that cannot reach an outcome has elementary effects of exactly 0.
//
// The elementary effect of lever i on outcome y along a trajectory is (y(after) − y(before)) / (±Δ), y being
// the mean over replications of the outcome's total over the run: outcome units per unit of the normalised
// lever range (the change from min to max, were the response linear). Reported per lever and outcome: μ
// (mean), μ* (mean absolute value) and σ (standard deviation, n − 1) over the trajectories, with bootstrap
// intervals of μ* and σ.
//
// Usage:
//   RunOptions run;  run.seed = 1;  run.replications = 4;
//   const SensitivityResult s = analyse_sensitivity(scenario, run);   // scenario.levers must not be empty
//
// Determinism: every number is the same for any thread count.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/results_file.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

struct SensitivityOptions {
  /// Morris trajectories r (default 10; at least 2, for σ).
  std::int64_t trajectories = 10;
  /// Grid levels p (default 4; even, at least 2).
  std::int64_t levels = 4;
};

/// The outcomes analysed: totals over the run of enrolled, immersed, moved, settled, returned and withdrawn
/// households, and of moved persons.
const std::vector<std::string>& sensitivity_outcomes();

/// Each of sensitivity_outcomes(): its total over the run, mean over the ensemble's replications.
std::vector<double> outcome_means(const EnsembleResult& ensemble);

/// One point of the design.
struct DesignPoint {
  std::int64_t trajectory = 0;
  std::int64_t index = 0;      ///< position in the trajectory, 0 … levers
  std::int64_t changed = -1;   ///< lever changed from the previous point; −1 for a trajectory's first point
  std::int64_t direction = 0;  ///< +1 or −1 (the sign of the change), 0 for a first point
  std::vector<double> x;       ///< normalised lever values, in [0, 1], one per lever
  std::vector<double> values;  ///< the parameter values applied (after rounding), one per lever
  std::vector<double> outcomes;  ///< mean over replications of each of sensitivity_outcomes()
};

/// Elementary-effect statistics of one lever on one outcome.
struct Effect {
  std::string lever;    ///< the lever's key
  std::string outcome;  ///< one of sensitivity_outcomes()
  double mu = 0;
  double mu_star = 0;
  double sigma = 0;
  /// 95 % bootstrap intervals of mu_star and sigma: the 2.5 and 97.5 % quantiles over 1,000 resamples of the
  /// trajectories (random stream purpose `sensitivity_bootstrap`), so that a ranking of levers shows whether more
  /// trajectories could change it.
  double mu_star_low = 0, mu_star_high = 0;
  double sigma_low = 0, sigma_high = 0;
};

struct SensitivityResult {
  Scenario scenario;  ///< as given
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  SensitivityOptions options;
  double delta = 0;  ///< Δ = p / (2(p − 1))
  std::vector<DesignPoint> design;
  /// Lever-major: effects[lever · outcomes + outcome].
  std::vector<Effect> effects;
};

/// The Morris design for `scenario`'s levers, without outcomes. Throws sim::ScenarioError (key `lever`) when the
/// scenario declares no lever or the same key twice, std::invalid_argument for bad options.
std::vector<DesignPoint> morris_design(const Scenario& scenario, std::uint64_t seed, const SensitivityOptions& options = {});

/// Runs every design point (trajectories · (levers + 1) ensembles) and computes the effects. Progress, reported
/// through run.progress, covers the whole analysis. Throws as morris_design, and sim::ScenarioError for an
/// unusable scenario, Cancelled when cancelled.
SensitivityResult analyse_sensitivity(const Scenario& scenario, const RunOptions& run, const SensitivityOptions& options = {});

/// The table `/sensitivity/effects` (declared in results/tables.hpp), as written and as emile.sensitivity returns
/// it in Python.
sim::Table effects_table(const std::vector<Effect>& effects);

/// Writes the analysis to HDF5 atomically (as write_results): root attributes (schema_version, emile_version,
/// scenario, seed, replications, start_date, step_days, created_utc, analysis = "sensitivity", trajectories,
/// levels, delta), `/scenario` (TOML), the tables `/sensitivity/effects` (lever, outcome, mu, mu_star, sigma)
/// and `/sensitivity/design` (trajectory, point, changed, direction, then per lever `x:<key>` and `<key>`,
/// then one column per outcome). Throws sim::ResultsFileError.
/// A true `cancel` before the rename: Cancelled, nothing written (commit_unless_cancelled).
void write_sensitivity(const std::filesystem::path& path, std::string_view invocation, const SensitivityResult& result,
                       const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
