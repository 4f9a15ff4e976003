// run: a scenario's replications, in parallel, written to a results file — what `emile run` does.
//
// The ensemble runs on a worker thread with the GIL released, while the calling thread waits in 100 ms slices:
// between slices it takes the GIL, lets Python handle pending signals (Ctrl-C, a Jupyter interrupt) and
// reports progress. An exception there (KeyboardInterrupt, or one from the progress callback) cancels the run
// through RunOptions::cancel, waits for the worker to stop, and propagates; nothing is written then (the results
// writer checks the flag before it renames the file into place). A KeyboardInterrupt that comes after the work
// has finished, results in place, is dropped.
#include "bindings.hpp"

#include "emile/models/ensemble/checkpoint.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/run_file_writer.hpp"
#include "emile/sim/atomic_file.hpp"
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

models::CheckpointRequest checkpoint_request(const std::optional<PathArgument>& checkpoint,
                                             std::optional<std::int64_t> checkpoint_every, std::optional<sim::Date> until) {
  models::CheckpointRequest request;
  if (checkpoint) request.path = checkpoint->path;
  request.every_weeks = checkpoint_every;
  request.until = until;
  return request;
}

// Runs under `options`, its records going to `output` as they come, recording `invocation` at `level`, then
// commits the file unless the run paused. Returns whether it paused.
template <class Work>
bool run_and_write(models::RunOptions options, const std::filesystem::path& output, const std::string& invocation,
                   models::RecordLevel level, Work&& work, const std::optional<std::function<void(double)>>& progress) {
  models::RunFileWriter file(output, invocation, level);  // fails now, not after the run, when the output cannot be written
  options.sink = &file;
  bool paused = false;
  run_cancellable(
      options,
      [&](const models::RunOptions& running) {
        const auto result = work(running);
        paused = result.paused_at.has_value();
        if (paused) return;
        file.commit(running.cancel);
        models::remove_spent_checkpoint(running.checkpoints);
      },
      progress);
  return paused;
}

models::RecordLevel record_level(const std::string& text) {
  if (const auto level = models::record_level_named(text)) return *level;
  throw py::value_error("record must be 'summary', 'series' or 'full', not '" + text + "'");
}

bool run(models::Scenario scenario, const PathArgument& file, std::optional<std::int64_t> seed,
         std::optional<std::int64_t> replications, int threads, const std::optional<std::function<void(double)>>& progress,
         const std::optional<PathArgument>& checkpoint, std::optional<std::int64_t> checkpoint_every,
         std::optional<sim::Date> until, const std::optional<PathArgument>& from_checkpoint,
         std::optional<sim::Date> stop_after, const std::string& record, const std::optional<PathArgument>& posterior_file) {
  const std::filesystem::path& output = file.path;
  const models::RecordLevel level = record_level(record);
  if (from_checkpoint && (seed || replications)) {
    throw py::value_error("a branch from a checkpoint takes the checkpoint's seed and replications; drop seed and replications");
  }
  // As `emile run --seed N -r N`: the values go into the scenario, so the results file's resolved scenario
  // records them.
  apply_run_settings(scenario, seed, replications, threads);
  if (auto clash = sim::output_clash({{"the scenario file", scenario.source},
                                       {"from_checkpoint", from_checkpoint ? from_checkpoint->path : std::filesystem::path()}},
                                      {{"", output}})) {
    throw py::value_error(*clash);
  }
  models::RunOptions options;
  options.seed = static_cast<std::uint64_t>(scenario.run.seed);
  options.replications = scenario.run.replications;
  options.threads = threads;
  options.checkpoints = models::plan_checkpoints(scenario, output, checkpoint_request(checkpoint, checkpoint_every, until));
  options.stop_after = stop_after;
  const auto posterior = posterior_from(posterior_file);
  options.posterior = posterior ? &*posterior : nullptr;
  // The call as a Python user wrote it, the scenario named by its file (its resolved text is in /scenario).
  std::string invocation = "python: emile.run(Scenario '" + scenario.run.name + "' from '" + scenario.source.string() +
                           "', output='" + output.string() + "', seed=" + std::to_string(scenario.run.seed) +
                           ", replications=" + std::to_string(scenario.run.replications);
  if (from_checkpoint) invocation += ", from_checkpoint='" + from_checkpoint->path.string() + "'";
  if (posterior_file) invocation += ", posterior='" + posterior_file->path.string() + "'";
  invocation += ")";
  if (!from_checkpoint) {
    return run_and_write(options, output, invocation, level,
                         [&](const models::RunOptions& o) { return models::run_ensemble(scenario, o); }, progress);
  }
  const auto saved = models::load_checkpoint(from_checkpoint->path);
  saved.common_step(from_checkpoint->path);
  return run_and_write(options, output, invocation, level,
                       [&](const models::RunOptions& o) { return models::branch_ensemble(saved, scenario, o); }, progress);
}

bool resume(const PathArgument& checkpoint, const std::optional<PathArgument>& file, int threads,
            const std::optional<std::function<void(double)>>& progress, std::optional<std::int64_t> checkpoint_every,
            std::optional<sim::Date> until, const std::optional<PathArgument>& checkpoint_out, const std::string& record) {
  const models::RecordLevel level = record_level(record);
  check_threads(threads);
  const auto saved = models::load_checkpoint(checkpoint.path);
  const std::filesystem::path output = file ? file->path : saved.output;
  if (auto clash = sim::output_clash({{"the checkpoint", checkpoint.path}}, {{"", output}})) throw py::value_error(*clash);
  models::RunOptions options;
  options.threads = threads;
  options.checkpoints =
      models::plan_resumed_checkpoints(saved, checkpoint.path, output, checkpoint_request(checkpoint_out, checkpoint_every, until));
  const std::string invocation = "python: emile.resume('" + checkpoint.path.string() + "', output='" + output.string() + "')";
  return run_and_write(options, output, invocation, level,
                       [&](const models::RunOptions& o) { return models::resume_ensemble(saved, o); }, progress);
}

py::dict checkpoint_info(const PathArgument& file) {
  const auto saved = models::load_checkpoint(file.path);
  const auto& run = saved.scenario.run;
  const sim::Clock clock(run.start_date, static_cast<int>(run.step_days));
  py::list replications;
  for (const auto& r : saved.replications) {
    using Status = models::ReplicationCheckpoint::Status;
    py::dict d;
    d["status"] = r.status == Status::done ? "done" : r.status == Status::paused ? "paused" : "not started";
    d["next_date"] = r.status == Status::paused ? py::cast(clock.first_day(r.step)) : py::none();
    replications.append(d);
  }
  py::dict info;
  info["scenario"] = saved.scenario.run.name;
  info["seed"] = saved.seed;
  info["output"] = saved.output.string();
  info["kind"] = saved.pause ? "pause" : "periodic";
  info["replications"] = replications;
  return info;
}

}  // namespace

void apply_run_settings(models::Scenario& scenario, std::optional<std::int64_t> seed,
                        std::optional<std::int64_t> replications, int threads) {
  if (seed) {
    if (*seed < 0) throw py::value_error("seed must be ≥ 0, not " + std::to_string(*seed));
    scenario.run.seed = *seed;
  }
  if (replications) models::set_parameter(scenario, "run.replications", static_cast<double>(*replications));
  check_threads(threads);
  // scenario[key] = value checks each parameter's own rule only: the rules spanning parameters (dates, codes,
  // the world's size…) are checked here, before anything is built, as the command line checks them.
  models::validate(scenario);
}

void check_threads(int threads) {
  if (threads < 0 || threads > max_threads) {
    throw py::value_error("threads must be from 0 (all cores) to " + std::to_string(max_threads) + ", not " +
                          std::to_string(threads));
  }
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
  // A Ctrl-C the work finished before noticing (its results already in place) changes nothing, as for the command
  // line: KeyboardInterrupt always means that nothing was written.
  if (error && !failure && error->matches(PyExc_KeyboardInterrupt)) error.reset();
  if (error) throw std::move(*error);
  if (failure) std::rethrow_exception(failure);
  if (!progress) return;
  try {
    (*progress)(1.0);
  } catch (py::error_already_set& e) {
    // The work is done, its results in place: a Ctrl-C in this last report changes nothing either.
    if (!e.matches(PyExc_KeyboardInterrupt)) throw;
  }
}

void bind_ensemble(py::module_& m) {
  m.def("checkpoint_info", &checkpoint_info, py::arg("checkpoint"),
        "What a checkpoint holds: scenario name, seed, the results file it writes, its kind ('pause' when saved by "
        "until, 'periodic' when saved as the run went) and, per replication, its status ('not started', 'paused', "
        "'done') and the date of the next step to run when paused.");
  m.def("resume", &resume, py::arg("checkpoint"), py::arg("output") = py::none(), py::arg("threads") = 0,
        py::arg("progress") = py::none(), py::arg("checkpoint_every") = py::none(), py::arg("until") = py::none(),
        py::arg("checkpoint_out") = py::none(), py::arg("record") = "full",
        "Goes on with a run from `checkpoint` (saved by run with checkpoint_every or until) and writes its results to "
        "`output` (default: the file the run was writing) — the same results as the uninterrupted run. A checkpoint "
        "saved as the run went keeps being updated and is removed once the results are written; one saved at a pause "
        "is left as it is. `checkpoint_every`, `until` and `checkpoint_out` save further checkpoints as run does. "
        "Returns True when it paused again (no results written). `record` as for run. Raises CheckpointError (an "
        "OSError) for a checkpoint that cannot be read.");
  m.def("run", &run, py::arg("scenario"), py::arg("output"), py::arg("seed") = py::none(),
        py::arg("replications") = py::none(), py::arg("threads") = 0, py::arg("progress") = py::none(),
        py::arg("checkpoint") = py::none(), py::arg("checkpoint_every") = py::none(), py::arg("until") = py::none(),
        py::arg("from_checkpoint") = py::none(), py::arg("stop_after") = py::none(), py::arg("record") = "full",
        py::arg("posterior") = py::none(),
        "Runs the scenario's replications in parallel and writes the results file `output` (HDF5, "
        "docs/output-format.md) atomically — byte for byte what `emile run` writes for the same scenario and seed, "
        "but for the creation time. `seed` and `replications` override run.seed and run.replications. `progress`, "
        "if given, is called from this thread with the fraction done (0–1) about every 100 ms. The GIL is released "
        "while running; Ctrl-C cancels with KeyboardInterrupt and writes nothing. Raises ScenarioError (a "
        "ValueError) for an unusable scenario and ResultsFileError (an OSError) when the file cannot be written.\n\n"
        "Checkpoints (as `emile run`): `checkpoint_every` saves every that many simulated weeks to `checkpoint` (default: "
        "`output` ending in .ckpt), removed once the results are written; `until` (a date) pauses every replication "
        "at the step containing it, saves the checkpoint and writes no results; `from_checkpoint` branches this "
        "scenario from a checkpoint saved with `until` (seed and replications are the checkpoint's). Returns True "
        "when the run paused.\n\n"
        "`stop_after` (a date inside the run; a ValueError otherwise) stops every replication after the step "
        "containing it, as `emile run --stop-after`.\n\n"
        "`record` ('summary', 'series' or 'full', as `emile run --record`) says what the file holds of each "
        "replication; records go to the file as replications finish, so memory does not grow with them.\n\n"
        "`posterior` (a calibration file, as `emile run --posterior`): each replication draws its parameters from "
        "it, so the bands hold parameter uncertainty; not with checkpoints (ValueError).");
}

}  // namespace emile::python
