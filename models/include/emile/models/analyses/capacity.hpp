#pragma once
// Capacity and bottleneck analysis: how many households the programme relocates per year in its steady state,
// and which resource binds.
//
// The steady state is the configuration of the scenario's last day held constant: every dated `set` applied
// at its final value, no event (no lockdown), every territory open, no launch backlog. It runs from the day
// after the scenario's end date through a warm-up, then is measured over a window. For each resource one
// more unit is added (one caseworker of each origin; one caseworker, one monthly immersion slot and one reserved
// dwelling in each territory; 10 % more vacancies offered to the programme; 10 % more referrals from each
// origin) and the steady state is run again with the same seed and replications: the variants share their random
// numbers (common random numbers), so each gain is a paired difference, replication by replication. The binding
// constraint is named by the rule of binding_constraint.hpp: a gain told apart from 0 after a Holm correction for
// the resources tested, and from the runner-up's. Territories closed over the whole window (no proposal can reach
// them at any step: a pipeline of 0 households) are left out of the tables and of the resources tested. Where a
// cost is declared ([cost]: caseworkers' yearly cost, immersion visits), each gain is also given per 100 000 € a
// year.
//
// Usage:
//   RunOptions run;  run.seed = 1;  run.replications = 8;
//   const CapacityResult capacity = analyse_capacity(scenario, run);
//   std::puts(capacity.binding_label().c_str());
//
// Determinism: every number is the same for any thread count (see ensemble.hpp).
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// Parameters of the analysis.
struct CapacityOptions {
  /// Weeks simulated before the measurement starts, so that queues and pipelines fill up (default 26).
  std::int64_t warmup_weeks = 26;
  /// Weeks over which relocations and waiting times are measured (default 52).
  std::int64_t window_weeks = 52;
};

/// The steady-state run's calendar: `warmup_steps` steps, then `window_steps` measured steps.
struct SteadyStateWindow {
  sim::Date start;             ///< first day of the run: the day after the scenario's end date
  sim::Step warmup_steps = 0;  ///< ⌈warmup_weeks · 7 / step_days⌉
  sim::Step window_steps = 0;  ///< ⌈window_weeks · 7 / step_days⌉
  double window_years = 0;     ///< window_steps · step_days / sim::days_per_year
};

/// Relocations per year in one territory row over the window: mean over replications and 95 % percentile-bootstrap
/// interval (sim::bootstrap_interval: within the replications' range, so never below 0). An origin's row counts the
/// moves of its households into any host.
struct RelocationRate {
  std::string territory;  ///< territory or origin code, or "all" for the programme
  std::string name;       ///< its name, or "programme" for "all"
  sim::Interval per_year;
};

/// One more unit of a resource and what it does.
struct ResourceEffect {
  /// origin_caseworker, territory_caseworker, immersion_slot, reserved_dwelling, vacancies or referrals.
  std::string resource;
  /// Territory code; an origin's code for its caseworker (and for its referrals among several origins); "all"
  /// otherwise.
  std::string territory;
  std::string unit;       ///< what is added, e.g. "+1 caseworker", "+10 % vacancies"
  std::string key;        ///< the parameter changed
  double base_value = 0;  ///< its steady-state value
  double value = 0;       ///< its value in the variant
  /// Mean time households waited for the resource in the base run, in weeks (NaN when no household left the
  /// stage during the window). What is measured, by resource:
  ///   origin_caseworker     time in `referred` (the coordinator's intake, then the queue for a slot)
  ///   immersion_slot        time in `proposed` in the territory (organising the visit, then the monthly quota)
  ///   reserved_dwelling     time in `committed` in the territory (waiting for a job and a dwelling together)
  ///   vacancies             time in `committed`, programme-wide
  ///   territory_caseworker  time in `matched` in the territory (preparing the move, then a follow-up slot)
  ///   referrals             the mean interval between two referrals (window length / referrals)
  /// Times are whole steps (a household entering and leaving in the same step waited 0), pooled over the
  /// replications and over every household leaving the stage during the window, whatever its destination
  /// (withdrawals included). The time includes the stage's fixed durations (intake, diagnosis, organising the
  /// visit, preparing the move); mean_queue_weeks is the queueing alone.
  double mean_wait_weeks = 0;
  /// Mean time in the resource's queue, in weeks, of the households that queued for it and left it during the
  /// window: from joining the queue to leaving it, as recorded during the run (`Transition::queued_step`). For
  /// reserved_dwelling and vacancies the whole time in `committed`; NaN for referrals, or when none queued.
  double mean_queue_weeks = 0;
  /// Programme-wide relocations per year gained: mean over replications of the paired difference variant −
  /// base, with its 95 % t interval (collapsed to the mean for a single replication).
  sim::Interval gain_per_year;
  /// The gain's paired t test against 0, and its p-value corrected for every resource tested (Holm); NaN with a
  /// single replication.
  double p_value = 0;
  double holm_p_value = 0;
  /// What one more unit costs a year, from [cost] (NaN where no cost is declared): a caseworker's yearly cost; an
  /// immersion slot a month used every month, 12 visits.
  double cost_eur_per_year = 0;
  /// gain_per_year per 100 000 € a year of that cost (NaN without a cost).
  double gain_per_100k_eur() const { return gain_per_year.mean * 100'000.0 / cost_eur_per_year; }
};

struct CapacityResult {
  Scenario scenario;  ///< as given
  Scenario steady;    ///< the steady-state configuration that was run (base variant)
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  CapacityOptions options;
  SteadyStateWindow window;
  /// "all" first; with several origins, each origin's households (wherever they move); then every host territory
  /// open during the window, in the scenario's order.
  std::vector<RelocationRate> relocations;
  /// Each origin's caseworker; for each open territory its caseworker, immersion slot and reserved dwelling;
  /// then vacancies and each origin's referrals ("all" with one origin).
  std::vector<ResourceEffect> resources;
  /// The codes of the territories closed over the whole window, left out.
  std::vector<std::string> closed;
  /// Index in `resources` of the binding constraint (binding_constraint.hpp); resources.size() when none is named.
  std::size_t binding = 0;
  /// The top two resources by mean gain, and the replications that would tell them apart when they are not.
  std::size_t top = 0;
  std::size_t runner_up = 0;
  std::optional<std::size_t> replications_to_separate;
  /// Resources tested for the binding rule (gains not 0 in every replication): the size of the Holm correction.
  std::size_t tested = 0;
  /// The file of the posterior every replication drew its parameters from (RunOptions::posterior); empty when none.
  std::filesystem::path posterior;

  /// "territory_caseworker 15 (Cantal)", "origin_caseworker IDF", "vacancies", or "none".
  std::string binding_label() const;
  /// Why the verdict is what it is, in one word: `binds` (a resource is named), `no_resource` (none was tested),
  /// `one_replication` (no spread to test), `not_significant` (no gain told apart from 0 after the correction) or
  /// `not_separated` (the two largest gains cannot be told apart).
  std::string binding_reason() const;
  /// The verdict in one sentence: the binding resource and what one more unit adds, or why none is named.
  std::string binding_statement() const;
};

/// The steady-state window of `scenario` under `options`. Throws std::invalid_argument unless warmup_weeks ≥ 0
/// and window_weeks ≥ 1.
SteadyStateWindow steady_state_window(const Scenario& scenario, const CapacityOptions& options);

/// The steady-state configuration: `set` events applied at their final values, events dropped, every
/// territory that has not left by then joining on the first day (one that has keeps its dates, closed), every
/// origin referring from the first day without a backlog (`initial_referred` = 0), the run moved to the window's
/// dates. Throws as steady_state_window.
Scenario steady_state_scenario(const Scenario& scenario, const CapacityOptions& options = {});

/// Runs the base steady state and one variant per resource (1 + 3 · territories + 3 ensembles of
/// `run.replications` replications with seed `run.seed`). Progress, reported through run.progress, covers
/// the whole analysis. Throws sim::ScenarioError for an unusable scenario, Cancelled when cancelled,
/// std::invalid_argument for bad options.
CapacityResult analyse_capacity(const Scenario& scenario, const RunOptions& run, const CapacityOptions& options = {});

/// The tables `/capacity/relocations` and `/capacity/resources` (declared in results/tables.hpp) of the analysis,
/// as written and as emile.capacity returns them in Python.
sim::Table relocations_table(const CapacityResult& result);
sim::Table resources_table(const CapacityResult& result);

/// Writes the analysis to HDF5 atomically (as write_results): root attributes (schema_version, emile_version,
/// scenario, seed, replications, start_date, step_days, created_utc, analysis = "capacity", warmup_weeks,
/// window_weeks, window_first_day, window_last_day), `/scenario` (the scenario as given, TOML),
/// `/capacity/steady_state_scenario` (TOML), the tables `/capacity/relocations` and `/capacity/resources`,
/// and the attribute `binding` of `/capacity`. Throws sim::ResultsFileError.
/// A true `cancel` before the rename: Cancelled, nothing written (commit_unless_cancelled).
void write_capacity(const std::filesystem::path& path, std::string_view invocation, const CapacityResult& result,
                    const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
