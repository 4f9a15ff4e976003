// The analyses of the command line — compare, sweep, capacity, sensitivity — returning pandas DataFrames.
//
// Each runs as `run` does (bind_ensemble.cpp): on a worker thread with the GIL released, Ctrl-C polled between
// 100 ms slices (a KeyboardInterrupt cancels it), progress reported as a fraction of the whole analysis. The
// tables are built once the computation is done, with the GIL held.
#include "bindings.hpp"

#include "emile/models/analyses/capacity.hpp"
#include "emile/models/analyses/comparison.hpp"
#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/models/analyses/sensitivity.hpp"
#include "emile/models/analyses/sobol_sensitivity.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/models/analyses/sweep.hpp"
#include "emile/sim/parameters.hpp"
#include "emile/sim/statistics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emile::python {
namespace {

using Progress = std::optional<std::function<void(double)>>;

/// `options` reporting progress as the part [first, first + share) of the whole.
models::RunOptions part_of(const models::RunOptions& options, double first, double share) {
  models::RunOptions part = options;
  part.progress = [whole = options.progress, first, share](double f) { whole(first + f * share); };
  return part;
}

/// The scenario with `overrides` applied, as if it had been loaded with them: its resolved TOML read again, its
/// data paths still resolving against its source's folder.
models::Scenario with_overrides(const models::Scenario& scenario, const std::vector<sim::Override>& overrides) {
  const auto& schema = models::scenario_schema();
  models::Scenario out = schema.defaults();
  sim::SourceMap locations;
  sim::read_toml(models::to_toml(scenario), scenario.source, *schema.node(), &out, overrides, &locations);
  out.source = scenario.source;
  out.locations = std::move(locations);
  models::validate(out);
  return out;
}

void compare(const models::Scenario& base_scenario, const models::Scenario& variant_scenario,
             const PathArgument& output, std::optional<std::int64_t> seed, std::optional<std::int64_t> replications,
             int threads, const std::optional<PathArgument>& posterior_file, const std::optional<std::string>& period,
             const std::optional<std::string>& by, const std::string& invocation, const Progress& progress) {
  models::Scenario base = base_scenario;
  apply_run_settings(base, seed, replications, threads);
  // Pairing needs the same seed and replications on both sides: the base's (as `emile compare`).
  models::Scenario variant = variant_scenario;
  variant.run.seed = base.run.seed;
  variant.run.replications = base.run.replications;
  const auto posterior = posterior_from(posterior_file);
  if (posterior) posterior->require_untouched(base, variant, "the variant");  // both share each replication's draw
  std::vector<sim::Period> periods;
  try {
    periods = models::comparison_periods(base, period ? std::optional(sim::Period::parse(*period)) : std::nullopt,
                                         by ? std::optional(sim::parse_period_length(*by)) : std::nullopt);
  } catch (const std::invalid_argument& e) {
    throw py::value_error(e.what());
  }
  { const sim::ResultsWriter probe(output.path); }  // an unwritable output fails before the run

  run_cancellable(
      run_options(base, threads, posterior),
      [&](const models::RunOptions& options) {
        const auto base_result = models::run_ensemble(base, part_of(options, 0.0, 0.5));
        const auto variant_result = models::run_ensemble(variant, part_of(options, 0.5, 0.5));
        models::write_comparison(output.path, invocation, base_result, variant_result,
                                 models::compare(base_result, variant_result),
                                 models::compare_by_territory(base_result, variant_result, periods), options.cancel);
      },
      progress);
}

DataFrame sweep(const models::Scenario& scenario, const py::dict& vary, std::optional<std::int64_t> seed,
                std::optional<std::int64_t> replications, int threads, const std::optional<PathArgument>& posterior_file,
                const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, replications, threads);
  std::vector<models::SweepAxis> axes;
  std::vector<py::list> python_values;  // each axis's values as given, for the table
  for (const py::handle item : vary.attr("items")()) {
    const auto pair = item.cast<py::tuple>();
    models::SweepAxis axis{py::str(pair[0]).cast<std::string>(), {}};
    py::list values;
    const py::object given = py::reinterpret_borrow<py::object>(pair[1]);
    if (py::isinstance<py::list>(given) || py::isinstance<py::tuple>(given)) {
      for (const py::handle value : given) values.append(value);
    } else {
      values.append(given);
    }
    for (const py::handle value : values) axis.values.push_back(toml_literal(value, axis.key));
    axes.push_back(std::move(axis));
    python_values.push_back(std::move(values));
  }
  const models::Sweep grid(axes);
  grid.check_distinct(base);
  // Every point is built first: a bad value fails before anything runs.
  std::vector<models::Scenario> points;
  for (std::size_t p = 0; p < grid.size(); ++p) {
    auto overrides = grid.point(p);
    for (auto& o : overrides) o.option = "vary";
    points.push_back(with_overrides(base, overrides));
  }
  const auto posterior = posterior_from(posterior_file);
  for (const auto& point : points) {
    if (posterior) posterior->require_untouched(base, point, "vary");
  }

  std::vector<std::vector<double>> means;  // [point][outcome]
  std::vector<std::string> names;
  run_cancellable(
      run_options(base, threads, posterior),
      [&](const models::RunOptions& options) {
        const double share = 1.0 / static_cast<double>(points.size());
        for (std::size_t p = 0; p < points.size(); ++p) {
          const auto result = models::run_ensemble(points[p], part_of(options, static_cast<double>(p) * share, share));
          std::vector<std::vector<double>> values;  // [outcome][replication]
          for (const auto& run : result.runs) {
            const auto summary = models::summarise(run, points[p]);
            if (names.empty()) names = summary.names;
            values.resize(summary.values.size());
            for (std::size_t o = 0; o < summary.values.size(); ++o) values[o].push_back(summary.values[o]);
          }
          std::vector<double> point_means;
          for (const auto& v : values) point_means.push_back(sim::mean(v));
          means.push_back(std::move(point_means));
        }
      },
      progress);

  py::dict columns;
  std::vector<std::int64_t> index;
  for (std::size_t p = 0; p < grid.size(); ++p) index.push_back(static_cast<std::int64_t>(p));
  columns["point"] = to_array(index);
  // The last axis varies fastest (Sweep::point).
  std::size_t stride = grid.size();
  for (std::size_t a = 0; a < axes.size(); ++a) {
    stride /= axes[a].values.size();
    py::list column;
    for (std::size_t p = 0; p < grid.size(); ++p) column.append(python_values[a][(p / stride) % axes[a].values.size()]);
    columns[py::str(axes[a].key)] = column;
  }
  for (std::size_t o = 0; o < names.size(); ++o) {
    std::vector<double> column;
    for (const auto& point : means) column.push_back(point[o]);
    columns[py::str(names[o])] = to_array(column);
  }
  return data_frame(columns, "point");
}

py::dict capacity(const models::Scenario& scenario, std::optional<std::int64_t> replications, std::int64_t warmup_weeks,
                  std::int64_t window_weeks, std::optional<std::int64_t> seed, int threads,
                  const std::optional<PathArgument>& posterior_file, const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, replications, threads);
  models::CapacityOptions capacity_options;
  capacity_options.warmup_weeks = warmup_weeks;
  capacity_options.window_weeks = window_weeks;
  models::steady_state_window(base, capacity_options);  // bad options fail before anything runs
  const auto posterior = posterior_from(posterior_file);

  std::optional<models::CapacityResult> result;
  run_cancellable(
      run_options(base, threads, posterior),
      [&](const models::RunOptions& options) { result = models::analyse_capacity(base, options, capacity_options); },
      progress);

  py::dict out;
  out["relocations"] = data_frame(models::relocations_table(*result));
  out["resources"] = data_frame(models::resources_table(*result));
  out["binding"] = result->binding_label();
  out["binding_statement"] = result->binding_statement();
  out["closed"] = result->closed;
  return out;
}

DataFrame sensitivity(const models::Scenario& scenario, std::optional<std::int64_t> replications,
                      std::int64_t trajectories, std::optional<std::int64_t> seed, int threads, const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, replications, threads);
  models::SensitivityOptions sensitivity_options;
  sensitivity_options.trajectories = trajectories;
  // Checks the levers and options before anything runs.
  models::morris_design(base, static_cast<std::uint64_t>(base.run.seed), sensitivity_options);

  std::vector<models::Effect> effects;
  run_cancellable(
      run_options(base, threads),
      [&](const models::RunOptions& options) {
        effects = models::analyse_sensitivity(base, options, sensitivity_options).effects;
      },
      progress);

  return data_frame(models::effects_table(effects));
}

DataFrame sobol(const models::Scenario& scenario, std::optional<std::int64_t> replications, std::int64_t samples,
                std::int64_t bootstrap, std::optional<std::int64_t> seed, int threads,
                const std::optional<PathArgument>& posterior_file, const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, replications, threads);
  const auto posterior = posterior_from(posterior_file);
  models::SobolOptions options;
  options.samples = samples;
  options.bootstrap = bootstrap;
  std::vector<models::SobolEntry> indices;
  run_cancellable(
      run_options(base, threads),
      [&](const models::RunOptions& run) {
        indices = models::analyse_sobol(base, run, options, posterior ? &*posterior : nullptr).indices;
      },
      progress);
  return data_frame(models::sobol_table(indices));
}

}  // namespace

models::RunOptions run_options(const models::Scenario& scenario, int threads,
                               const std::optional<models::Posterior>& posterior) {
  models::RunOptions options;
  options.posterior = posterior ? &*posterior : nullptr;
  options.seed = static_cast<std::uint64_t>(scenario.run.seed);
  options.replications = scenario.run.replications;
  options.threads = threads;
  return options;
}

void bind_analyses(py::module_& m) {
  m.def("compare", &compare, py::arg("base"), py::arg("variant"), py::arg("output"), py::arg("seed") = py::none(),
        py::arg("replications") = py::none(), py::arg("threads") = 0, py::arg("posterior") = py::none(),
        py::arg("period") = py::none(), py::arg("by") = py::none(), py::arg("invocation") = "",
        py::arg("progress") = py::none(),
        "Runs both scenarios with the base's seed and replications (after `seed` and `replications` override them) "
        "and writes their comparison to `output`, as `emile compare -o`: every headline outcome, and every flow by "
        "territory over the whole run (or `period`, 'FROM:TO' or '2021', '2021-Q3', '2021-07') and each calendar "
        "period of `by` ('year', 'quarter', 'month'). `progress`, if given, is called with the fraction done about "
        "every 100 ms. `posterior` (a calibration file): each replication draws its parameters from it, the base "
        "and the variant alike. The GIL is released while running; Ctrl-C cancels with KeyboardInterrupt and writes "
        "nothing.");
  m.def("sweep", &sweep, py::arg("scenario"), py::arg("vary"), py::arg("seed") = py::none(),
        py::arg("replications") = py::none(), py::arg("threads") = 0, py::arg("posterior") = py::none(),
        py::arg("progress") = py::none(),
        "Runs the grid spanned by `vary` (dotted key → list of values, converted as Scenario.load's overrides), "
        "every point with the same seed and replications, as `emile sweep`: a DataFrame indexed by point with one "
        "column per varied key (its value) and the mean over replications of every headline outcome. The last key "
        "varies fastest. The GIL is released while running; Ctrl-C cancels with KeyboardInterrupt.");
  m.def("capacity", &capacity, py::arg("scenario"), py::arg("replications") = py::none(), py::arg("warmup_weeks") = 26,
        py::arg("window_weeks") = 52, py::arg("seed") = py::none(), py::arg("threads") = 0,
        py::arg("posterior") = py::none(), py::arg("progress") = py::none(),
        "The steady-state capacity analysis of `emile capacity`: a dict with the DataFrames 'relocations' "
        "(territory, name, per_year, ci_low, ci_high; 'all' first) and 'resources' (resource, territory, unit, "
        "mean_wait_weeks, mean_queue_weeks, gain_per_year, ci_low, ci_high, key, base_value, value) and the text "
        "'binding' (the binding constraint, or 'none'). The GIL is released while running; Ctrl-C cancels with KeyboardInterrupt.");
  m.def("sobol", &sobol, py::arg("scenario"), py::arg("replications") = py::none(), py::arg("samples") = 128,
        py::arg("bootstrap") = 200, py::arg("seed") = py::none(), py::arg("threads") = 0,
        py::arg("posterior") = py::none(), py::arg("progress") = py::none(),
        "Sobol' indices of the scenario's [[uncertain]] parameters (over their priors, or the marginals of "
        "`posterior`) on the headline outcomes, as `emile sensitivity --method sobol`: a DataFrame with parameter, "
        "outcome, first, first_low, first_high, total, total_low, total_high. The GIL is released while running; "
        "Ctrl-C cancels with KeyboardInterrupt.");
  m.def("sensitivity", &sensitivity, py::arg("scenario"), py::arg("replications") = py::none(),
        py::arg("trajectories") = 10, py::arg("seed") = py::none(), py::arg("threads") = 0,
        py::arg("progress") = py::none(),
        "Morris elementary effects of the scenario's levers ([[lever]] tables) on the headline outcomes, as `emile "
        "sensitivity`: a DataFrame with lever, outcome, mu, mu_star, sigma. Raises ScenarioError (a ValueError) when "
        "the scenario declares no lever. The GIL is released while running; Ctrl-C cancels with KeyboardInterrupt.");
}

}  // namespace emile::python
