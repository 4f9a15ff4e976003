#include "emile/models/ensemble/ensemble.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/atomic_file.hpp"
#include "emile/sim/executor.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace emile::models {
namespace {

using Status = ReplicationCheckpoint::Status;

// Keeps the latest saved state of every replication and writes the checkpoint file. Called from the
// replications' threads; file writes are serialised.
class CheckpointSaver {
 public:
  CheckpointSaver(Checkpoint checkpoint, const CheckpointOptions& options) : checkpoint_(std::move(checkpoint)), options_(options) {
    checkpoint_.output = options.output;
    checkpoint_.every = options.every;
    checkpoint_.pause = options.pause_at >= 0;
  }
  bool active() const { return !options_.path.empty(); }
  bool due(sim::Step next_step) const { return active() && options_.every > 0 && next_step % options_.every == 0; }

  /// A replication's state between two steps; written out now unless the run is pausing (written once, at the end).
  void paused(std::size_t replication, sim::Step next_step, std::vector<std::byte> state, bool write_now) {
    const std::lock_guard lock(mutex_);
    auto& r = checkpoint_.replications[replication];
    r = {Status::paused, next_step, std::move(state)};
    if (write_now) save_checkpoint(options_.path, checkpoint_);
  }
  /// A finished replication: its record replaces its state, and the file says so at once when saving as the
  /// run goes.
  void done(std::size_t replication, const RunRecord& record) {
    if (!active()) return;
    sim::ArchiveWriter out;
    record.save(out);
    const std::lock_guard lock(mutex_);
    checkpoint_.replications[replication] = {Status::done, record.steps, std::move(out).bytes()};
    if (options_.every > 0) save_checkpoint(options_.path, checkpoint_);
  }
  void write() {
    const std::lock_guard lock(mutex_);
    save_checkpoint(options_.path, checkpoint_);
  }

 private:
  Checkpoint checkpoint_;
  const CheckpointOptions& options_;
  std::mutex mutex_;
};

// How errors name a replication's saved state: by its checkpoint file when it was read from one.
std::string replication_name(const Checkpoint& checkpoint, std::size_t r) {
  const std::string replication = "replication " + std::to_string(r);
  return checkpoint.file.empty() ? replication : checkpoint.file.string() + ": " + replication;
}

std::vector<std::byte> saved_state(const Simulation& simulation, const Recorder& recorder) {
  sim::ArchiveWriter out;
  simulation.save(out);
  recorder.save(out);
  return std::move(out).bytes();
}

// Where a replication ends up in a run: its record when it ran to the end, else its state where it paused.
struct ReplicationEnd {
  std::optional<RunRecord> record;
  sim::Step paused_at = 0;
  std::vector<std::byte> state;

  void save(sim::ArchiveWriter& out) const {
    out.value(record.has_value());
    if (record) {
      record->save(out);
    } else {
      out.value(paused_at);
      out.values(state);
    }
  }
  static ReplicationEnd restore(sim::ArchiveReader& in) {
    ReplicationEnd end;
    if (in.value<bool>()) {
      end.record = RunRecord::restore(in);
    } else {
      end.paused_at = in.value<sim::Step>();
      end.state = in.values<std::byte>();
    }
    return end;
  }
};

// Runs every replication from where `start` stands (fresh, paused or done), saving checkpoints as asked.
// `variant`, when given, is forked into every paused replication.
EnsembleResult run_replications(const Checkpoint& start, const Scenario* variant, const RunOptions& options,
                                std::shared_ptr<const Geography> geography) {
  const sim::Executor executor(options.threads);
  const Scenario& scenario = variant ? *variant : start.scenario;
  const Posterior* posterior = options.posterior;
  if (posterior && (variant || !options.checkpoints.path.empty() ||
                    std::any_of(start.replications.begin(), start.replications.end(),
                                [](const auto& r) { return r.status != Status::not_started; }))) {
    throw std::invalid_argument("a run drawing from a posterior (" + posterior->file.string() +
                                ") saves no checkpoint and goes on from none");
  }
  EnsembleResult result;
  if (posterior) result.posterior = posterior->file;
  result.scenario = scenario;
  result.geography = geography;
  result.seed = start.seed;
  result.stopped_after = options.stop_after;
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  const sim::Step steps = clock.steps_until(scenario.run.end_date);
  if (options.stop_after && (*options.stop_after < scenario.run.start_date || *options.stop_after > scenario.run.end_date)) {
    throw std::invalid_argument("stop after " + options.stop_after->iso() + ": must fall inside the run (" +
                                scenario.run.start_date.iso() + " to " + scenario.run.end_date.iso() + ")");
  }
  const sim::Step stop = options.stop_after ? clock.step_of(*options.stop_after) + 1 : steps;
  for (sim::Step s = 0; s < stop; ++s) result.dates.push_back(clock.last_day(s).iso());
  const sim::Step pause_at = options.checkpoints.pause_at;
  const sim::Step last = pause_at >= 0 ? std::min(pause_at, stop) : stop;

  const std::size_t replications = start.replications.size();
  const sim::Processes& processes = options.processes ? *options.processes : sim::this_process();
  if (options.sink) {
    options.sink->begin(result, replications);
  } else {
    result.runs.resize(replications);
  }
  Checkpoint saved = start;
  saved.scenario = scenario;
  CheckpointSaver saver(std::move(saved), options.checkpoints);
  // On the leader: where each replication ended goes to the checkpoint and its record to the sink or the result.
  const auto settle = [&](std::size_t r, ReplicationEnd end) {
    if (!end.record) {
      saver.paused(r, end.paused_at, std::move(end.state), false);
      return;
    }
    saver.done(r, *end.record);
    if (options.sink) {
      options.sink->add(std::move(*end.record));
    } else {
      result.runs[r] = std::move(*end.record);
    }
  };
  // Progress counts the steps still to run: here as they run, and those of another process's replication when it
  // arrives.
  const auto steps_to_run = [&](std::size_t r) {
    const auto& from = start.replications[r];
    const sim::Step first = from.status == Status::paused ? std::min(from.step, last) : from.status == Status::done ? last : 0;
    return static_cast<std::int64_t>(last - first);
  };
  double total_steps = 0;
  for (std::size_t r = 0; r < replications; ++r) total_steps += static_cast<double>(steps_to_run(r));
  std::atomic<std::int64_t> done_steps{0};
  const auto report = [&](std::int64_t steps) {
    const auto done = done_steps += steps;
    if (options.progress) options.progress(static_cast<double>(done) / std::max(1.0, total_steps));
  };
  std::vector<char> ran_here(replications, 0);
  // A shared world is drawn once for the replications that start afresh or go on from a saved state, when there
  // are several; otherwise each draws its own (a lone replication draws the shared world itself, from the same
  // streams, and needs no copy). It is the world of the scenario the run started from (a branch's variant cannot
  // change it: Simulation::fork).
  std::shared_ptr<const StartingMarkets> shared_markets;
  const auto drawing = std::count_if(start.replications.begin(), start.replications.end(),
                                     [](const auto& r) { return r.status != Status::done; });
  if (start.world.run.world == WorldDraw::shared && drawing > 1 && !(posterior && posterior->shapes_world(scenario))) {
    shared_markets = std::make_shared<const StartingMarkets>(start.world, *geography, clock, steps,
                                                             world_seed(start.world.run, start.seed, 0), executor);
  }

  const auto run_replication = [&](std::size_t r) -> ReplicationEnd {
    ran_here[r] = 1;
    const auto& from = start.replications[r];
    if (from.status == Status::done) {
      sim::ArchiveReader in(from.state, replication_name(start, r));
      return {RunRecord::restore(in), 0, {}};
    }
    std::unique_ptr<Simulation> simulation;
    std::unique_ptr<Recorder> recorder;
    if (from.status == Status::paused) {
      sim::ArchiveReader in(from.state, replication_name(start, r));
      simulation = std::make_unique<Simulation>(in, geography, executor, shared_markets);
      recorder = std::make_unique<Recorder>(*simulation, in);
      in.finish();
      if (variant) simulation->fork(*variant);
    } else {
      Scenario drawn;
      if (posterior) {
        drawn = posterior->applied(scenario, posterior->particle_for(start.seed, r));
        if (options.after_draw) options.after_draw(drawn);
      }
      simulation = std::make_unique<Simulation>(posterior ? drawn : scenario, geography, start.seed,
                                                static_cast<std::uint32_t>(r), executor, shared_markets);
      recorder = std::make_unique<Recorder>(*simulation);
    }
    while (simulation->next_step() < last) {
      if (options.cancel && options.cancel->load()) throw Cancelled();
      simulation->step();
      recorder->observe(*simulation);
      report(1);
      // Saved every few steps only by a lone process: the others' states are not at hand to the leader.
      if (processes.alone() && simulation->next_step() < last && saver.due(simulation->next_step())) {
        saver.paused(r, simulation->next_step(), saved_state(*simulation, *recorder), true);
      }
    }
    if (simulation->next_step() < stop) return {std::nullopt, simulation->next_step(), saved_state(*simulation, *recorder)};
    return {recorder->finish(*simulation), 0, {}};
  };
  // In index order, so that a sink writing records in that order holds back only a few.
  sim::share_with_leader<ReplicationEnd>(processes, executor, replications, run_replication,
                                         [&](std::size_t r, ReplicationEnd end) {
                                           if (!ran_here[r]) report(steps_to_run(r));
                                           settle(r, std::move(end));
                                         });
  if (pause_at >= 0 && pause_at < stop) {
    if (processes.leads()) saver.write();
    result.runs.clear();
    result.paused_at = pause_at;
  } else if (!options.sink) {
    sim::broadcast_values(processes, result.runs);
  }
  return result;
}

Checkpoint fresh_start(const Scenario& scenario, const RunOptions& options) {
  Checkpoint start;
  start.world = scenario;
  // Read only when the run saves checkpoints: hashing the data files is for them alone.
  if (!options.checkpoints.path.empty()) start.world_identity = world_identity(scenario, options.seed);
  start.scenario = scenario;
  start.seed = options.seed;
  start.replications.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, options.replications)));
  return start;
}

}  // namespace

namespace {

CheckpointOptions plan(const Scenario& scenario, const std::filesystem::path& output, const CheckpointRequest& request,
                       const std::filesystem::path& default_path, sim::Step default_every) {
  const auto& run = scenario.run;
  CheckpointOptions o;
  o.output = output;
  o.every = default_every;
  if (request.every_weeks) {
    if (*request.every_weeks < 1) throw std::invalid_argument("checkpoint every: must be at least 1 week");
    o.every = std::max<sim::Step>(1, static_cast<sim::Step>(std::lround(static_cast<double>(*request.every_weeks) * sim::days_per_week / static_cast<double>(run.step_days))));
  }
  if (request.until) {
    if (*request.until <= run.start_date || *request.until > run.end_date) {
      throw std::invalid_argument("until " + request.until->iso() + ": must fall after the start and inside the run (" +
                                  run.start_date.iso() + " to " + run.end_date.iso() + ")");
    }
    o.pause_at = sim::Clock(run.start_date, static_cast<int>(run.step_days)).step_of(*request.until);
  }
  if (o.every > 0 || o.pause_at >= 0) {
    o.path = !request.path.empty() ? request.path : !default_path.empty() ? default_path : std::filesystem::path(output).replace_extension(".ckpt");
    if (sim::same_file(o.path, output)) {
      throw std::invalid_argument("checkpoint " + o.path.string() + ": is the results file " + output.string() +
                                  "; name another");
    }
    if (request.probe) { const sim::AtomicFile probe(o.path); }
  }
  return o;
}

}  // namespace

CheckpointOptions plan_checkpoints(const Scenario& scenario, const std::filesystem::path& output, const CheckpointRequest& request) {
  return plan(scenario, output, request, {}, 0);
}

CheckpointOptions plan_resumed_checkpoints(const Checkpoint& checkpoint, const std::filesystem::path& checkpoint_path,
                                           const std::filesystem::path& output, const CheckpointRequest& request) {
  if (!checkpoint.pause) return plan(checkpoint.scenario, output, request, checkpoint_path, checkpoint.every);
  auto o = plan(checkpoint.scenario, output, request, {}, 0);
  if (!o.path.empty() && sim::same_file(o.path, checkpoint_path)) {
    throw std::invalid_argument("checkpoint " + o.path.string() + ": would overwrite the checkpoint being resumed; name another");
  }
  return o;
}

void remove_spent_checkpoint(const CheckpointOptions& checkpoints) {
  if (checkpoints.path.empty()) return;
  std::error_code ignored;
  std::filesystem::remove(checkpoints.path, ignored);
}

EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options) {
  const CommuteLimits reach = options.posterior ? options.posterior->reach(scenario) : commute_reach(scenario);
  auto geography = std::make_shared<const Geography>(build_geography(scenario, reach, sim::Executor(options.threads)));
  return run_ensemble(scenario, options, std::move(geography));
}

EnsembleResult run_ensemble(const Scenario& scenario, const RunOptions& options, std::shared_ptr<const Geography> geography) {
  return run_replications(fresh_start(scenario, options), nullptr, options, std::move(geography));
}

EnsembleResult resume_ensemble(const Checkpoint& checkpoint, const RunOptions& options) {
  // The saved replications go on under checkpoint.scenario, which a branch may have given longer commutes.
  const CommuteLimits reach = commute_reach(checkpoint.scenario);
  auto geography = std::make_shared<const Geography>(build_geography(checkpoint.world, reach, sim::Executor(options.threads)));
  return run_replications(checkpoint, nullptr, options, std::move(geography));
}

EnsembleResult branch_ensemble(const Checkpoint& checkpoint, const Scenario& variant, const RunOptions& options) {
  checkpoint.common_step("checkpoint");
  // The paused replications are restored under the saved scenario, then go on under the variant.
  const CommuteLimits reach = longest(commute_reach(checkpoint.scenario), commute_reach(variant));
  auto geography = std::make_shared<const Geography>(build_geography(checkpoint.world, reach, sim::Executor(options.threads)));
  return run_replications(checkpoint, &variant, options, std::move(geography));
}

}  // namespace emile::models
