// Calibration and predictive checks (`emile calibrate`, `emile check`), run as the other analyses are
// (bind_analyses.cpp): on a worker thread with the GIL released, Ctrl-C polled, progress as a fraction.
#include "bindings.hpp"

#include "emile/models/calibration/calibration_file.hpp"
#include "emile/models/calibration/predictive_check.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace emile::python {
namespace {

using Progress = std::optional<std::function<void(double)>>;

bool calibrate(const models::Scenario& scenario, const std::filesystem::path& targets_file,
               const std::filesystem::path& output, std::size_t particles, std::size_t generations,
               double min_acceptance, double quantile, std::int64_t replicates, std::optional<std::int64_t> seed,
               int threads, const std::string& invocation, const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, std::nullopt, threads);
  const auto targets = models::load_targets(targets_file, base);
  models::CalibrationOptions options;
  options.particles = particles;
  options.generations = generations;
  options.min_acceptance = min_acceptance;
  options.quantile = quantile;
  options.replicates = replicates;
  options.seed = static_cast<std::uint64_t>(base.run.seed);
  options.threads = threads;
  { const sim::ResultsWriter probe(output); }  // fails now, not after the simulations
  bool stopped_on_acceptance = false;
  run_cancellable(
      run_options(base, threads),
      [&](const models::RunOptions& run) {
        auto calibration = options;
        calibration.cancel = run.cancel;
        calibration.progress.batch = [&](std::size_t g, std::size_t accepted) {
          run.progress((static_cast<double>(g) + static_cast<double>(accepted) / static_cast<double>(particles)) /
                       static_cast<double>(generations));
        };
        const auto result = models::calibrate(base, targets, calibration);
        models::write_calibration(output, invocation, result, run.cancel);
        stopped_on_acceptance = result.abc.stopped_on_acceptance;
      },
      progress);
  return stopped_on_acceptance;
}

DataFrame check(const models::Scenario& scenario, const std::filesystem::path& targets_file, std::int64_t replications,
                const std::optional<PathArgument>& posterior_file, std::optional<std::int64_t> seed, int threads,
                const Progress& progress) {
  models::Scenario base = scenario;
  apply_run_settings(base, seed, std::nullopt, threads);
  const auto targets = models::load_targets(targets_file, base);
  const auto posterior = posterior_from(posterior_file);
  models::CheckOptions options;
  options.replications = replications;
  options.seed = static_cast<std::uint64_t>(base.run.seed);
  options.threads = threads;
  options.posterior = posterior ? &*posterior : nullptr;
  std::optional<models::CheckResult> result;
  run_cancellable(
      run_options(base, threads),
      [&](const models::RunOptions& run) {
        auto o = options;
        o.cancel = run.cancel;
        o.progress = run.progress;
        result = models::check_targets(base, targets, o);
      },
      progress);

  py::list names, statistics;
  std::vector<double> observed, low, median, high;
  std::vector<std::int64_t> shown;
  std::vector<bool> inside;
  for (std::size_t t = 0; t < targets.targets.size(); ++t) {
    const auto& target = targets.targets[t];
    const auto& c = result->targets[t];
    names.append(target.name);
    statistics.append(std::string(models::target_statistic_names[static_cast<std::size_t>(target.statistic)]));
    observed.push_back(c.observed);
    low.push_back(c.low);
    median.push_back(c.median);
    high.push_back(c.high);
    shown.push_back(c.shown);
    inside.push_back(c.inside);
  }
  py::dict columns;
  columns["target"] = names;
  columns["statistic"] = statistics;
  columns["observed"] = to_array(observed);
  columns["low"] = to_array(low);
  columns["median"] = to_array(median);
  columns["high"] = to_array(high);
  columns["shown"] = to_array(shown);
  columns["inside"] = py::cast(inside);
  return data_frame(columns, "target");
}

}  // namespace

std::optional<models::Posterior> posterior_from(const std::optional<PathArgument>& file) {
  if (!file) return std::nullopt;
  return models::read_posterior(file->path);
}

void bind_calibration(py::module_& m) {
  m.def("calibrate", &calibrate, py::arg("scenario"), py::arg("targets"), py::arg("output"), py::arg("particles") = 1000,
        py::arg("generations") = 5, py::arg("min_acceptance") = 0.01, py::arg("quantile") = 0.5,
        py::arg("replicates") = 1, py::arg("seed") = py::none(), py::arg("threads") = 0, py::arg("invocation") = "",
        py::arg("progress") = py::none(),
        "Calibrates the scenario's [[uncertain]] parameters to the targets file by ABC-SMC, as `emile calibrate`, "
        "and writes the calibration to `output` (a results file of kind `calibrate`). Returns True when a "
        "generation accepted less than `min_acceptance` of its proposals (the generations kept are written). "
        "Raises ScenarioError (a ValueError) for bad priors or targets. The GIL is released while running; Ctrl-C "
        "cancels with KeyboardInterrupt.");
  m.def("check", &check, py::arg("scenario"), py::arg("targets"), py::arg("replications") = 200,
        py::arg("posterior") = py::none(), py::arg("seed") = py::none(), py::arg("threads") = 0,
        py::arg("progress") = py::none(),
        "Each target of the targets file against the model's median and 90 % predictive interval, as `emile "
        "check`: a DataFrame indexed by target with statistic, observed, low, median, high (5 %, 50 %, 95 % of the "
        "replications' values; `first` targets in days from the run's start), shown (replications that showed the "
        "target) and inside. With `posterior` (a calibration file), each replication draws its parameters from it.");
}

}  // namespace emile::python
