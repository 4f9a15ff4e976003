// run: a scenario's replications, in parallel, written to a results file — what `emile run` does.
//
// The ensemble runs on a worker thread with the GIL released, while the calling thread waits in 100 ms slices:
// between slices it takes the GIL, lets Python handle pending signals (Ctrl-C, a Jupyter interrupt) and
// reports progress. An exception there (KeyboardInterrupt, or one from the progress callback) cancels the run
// through RunOptions::cancel, waits for the worker to stop, and propagates; nothing is written then.
#include "bindings.hpp"

#include "emile/models/ensemble.hpp"
#include "emile/models/results_io.hpp"
#include "emile/sim/results_file.hpp"



#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

namespace emile::python {
namespace {

void run(models::Scenario scenario, const PathArgument& file, std::optional<std::int64_t> seed,
         std::optional<std::int64_t> replications, int threads,
         const std::optional<std::function<void(double)>>& progress) {
  const std::filesystem::path& output = file.path;
  // As `emile run --seed N -r N`: the values go into the scenario, so the results file's resolved scenario
  // records them.
  apply_run_settings(scenario, seed, replications, threads);
  { const sim::ResultsWriter probe(output); }  // fails now, not after the run, when the output cannot be written

  models::RunOptions options;
  options.seed = static_cast<std::uint64_t>(scenario.run.seed);
  options.replications = scenario.run.replications;
  options.threads = threads;
  run_cancellable(
      options,
      [&](const models::RunOptions& running) {
        const auto result = models::run_ensemble(scenario, running);
        models::write_results(output, result);
      },
      progress);
}

}  // namespace

void apply_run_settings(models::Scenario& scenario, std::optional<std::int64_t> seed,
                        std::optional<std::int64_t> replications, int threads) {
  if (seed) {
    if (*seed < 0) throw py::value_error("seed must be ≥ 0, not " + std::to_string(*seed));
    scenario.run.seed = *seed;
  }
  if (replications) models::set_parameter(scenario, "run.replications", static_cast<double>(*replications));
  if (threads < 0) throw py::value_error("threads must be ≥ 0 (0: all cores), not " + std::to_string(threads));
}

void run_cancellable(models::RunOptions options, const std::function<void(const models::RunOptions&)>& work,
                     const std::optional<std::function<void(double)>>& progress) {
  std::atomic<bool> cancel{false};
  std::atomic<double> fraction{0.0};
  options.progress = [&fraction](double f) { fraction.store(f, std::memory_order_relaxed); };
  options.cancel = &cancel;

  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      work(options);
    } catch (...) {
      failure = std::current_exception();
    }
    const std::lock_guard lock(mutex);
    done = true;
    finished.notify_all();
  });

  std::optional<py::error_already_set> error;
  try {
    for (;;) {
      bool stopped = false;
      {
        py::gil_scoped_release release;
        std::unique_lock lock(mutex);
        stopped = finished.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; });
      }
      if (stopped) break;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (progress) (*progress)(fraction.load(std::memory_order_relaxed));
    }
  } catch (py::error_already_set& e) {
    error.emplace(std::move(e));
    cancel.store(true);
  } catch (...) {
    // The worker must be joined before anything leaves this frame.
    cancel.store(true);
    py::gil_scoped_release release;
    worker.join();
    throw;
  }
  {
    py::gil_scoped_release release;
    worker.join();
  }
  if (error) throw std::move(*error);
  if (failure) std::rethrow_exception(failure);
  if (progress) (*progress)(1.0);
}

void bind_ensemble(py::module_& m) {
  m.def("run", &run, py::arg("scenario"), py::arg("output"), py::arg("seed") = py::none(),
        py::arg("replications") = py::none(), py::arg("threads") = 0, py::arg("progress") = py::none(),
        "Runs the scenario's replications in parallel and writes the results file `output` (HDF5, "
        "docs/output-format.md) atomically — byte for byte what `emile run` writes for the same scenario and seed, "
        "but for the creation time. `seed` and `replications` override run.seed and run.replications. `progress`, "
        "if given, is called from this thread with the fraction done (0–1) about every 100 ms. The GIL is released "
        "while running; Ctrl-C cancels with KeyboardInterrupt and writes nothing. Raises ScenarioError (a "
        "ValueError) for an unusable scenario and ResultsFileError (an OSError) when the file cannot be written.");
}

}  // namespace emile::python
