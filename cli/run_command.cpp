// `emile run` and `emile resume`: run a scenario's replications (from the start, from a checkpoint, or branched
// from one) and write the results file; save checkpoints as asked.
#include "arguments.hpp"
#include "flow_periods.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "name_column.hpp"
#include "emile/models/ensemble/checkpoint.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/run_file_writer.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/atomic_file.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace emile::cli {
namespace {

namespace fs = std::filesystem;

// With several origins, the households of each origin that moved to each host: mean over the replications.
void print_moves_by_origin(sim::ResultsReader& in, const models::Scenario& scenario, std::size_t replications) {
  const auto origin = in.read_strings("/origin_host_flows/origin");
  const auto host = in.read_strings("/origin_host_flows/host");
  const auto moved = in.read_int64("/origin_host_flows/moved_households");
  std::printf("\nmoved (mean) %-11s", "from \\ to");
  for (const auto& t : scenario.territories) std::printf(" %7s", t.code.c_str());
  std::printf("\n");
  for (const auto& o : scenario.origins) {
    std::printf("%-24s", o.code.c_str());
    for (const auto& t : scenario.territories) {
      double total = 0;
      for (std::size_t r = 0; r < origin.size(); ++r) {
        if (origin[r] == o.code && host[r] == t.code) total += static_cast<double>(moved[r]);
      }
      std::printf(" %7.2f", total / static_cast<double>(replications));
    }
    std::printf("\n");
  }
}

// With several origins, each origin's part of the cost and the hosts' caseworkers': mean over the replications.
void print_costs_by_origin(sim::ResultsReader& in, const models::Scenario& scenario) {
  const auto origin = in.read_strings("/origin_costs/origin");
  const std::array<const char*, 4> columns{"gross_eur", "avoided_eur", "net_eur", "net_per_moved_eur"};
  std::vector<std::vector<double>> values;
  for (const char* column : columns) values.push_back(in.read_double(std::string("/origin_costs/") + column));
  std::printf("\n%-24s %14s %14s %14s %14s\n", "cost (mean, eur)", "gross", "avoided", "net", "net per moved");
  std::vector<std::string> shown;  // the table's rows of a replication: the origins, then the hosts' caseworkers
  for (const auto& o : scenario.origins) shown.push_back(o.code);
  shown.emplace_back("hosts");
  for (const auto& code : shown) {
    std::printf("%-24s", code == "hosts" ? "hosts' caseworkers" : code.c_str());
    for (const auto& column : values) {
      double total = 0, count = 0;
      for (std::size_t r = 0; r < origin.size(); ++r) {
        if (origin[r] == code && !std::isnan(column[r])) {
          total += column[r];
          ++count;
        }
      }
      if (count > 0) {
        std::printf(" %14.0f", total / count);
      } else {
        std::printf(" %14s", "n/a");
      }
    }
    std::printf("\n");
  }
}

// The headline outcomes over replications and the moves per territory, read from the results file just written.
void print_summary(const fs::path& output) {
  sim::ResultsReader in(output);
  const auto version = in.attribute_int("/", "schema_version");
  const sim::Table summary = models::read_declared_table(in, models::tables::summary(), version);
  const auto dates = in.read_strings("/timeseries/dates");
  const models::Scenario scenario = models::read_scenario(in.read_text("/scenario"), output.string() + ":/scenario");
  std::printf("%s: %s to %s, %zu steps of %lld days, %zu replication(s), seed %lld\n", scenario.run.name.c_str(),
              scenario.run.start_date.iso().c_str(), scenario.run.end_date.iso().c_str(), dates.size(),
              static_cast<long long>(scenario.run.step_days), summary.rows(),
              static_cast<long long>(in.attribute_int("/", "seed")));
  const std::string posterior = in.attribute_string("/", "posterior");
  if (!posterior.empty()) {
    std::printf("each replication drew its parameters from the posterior %s: the bands hold parameter uncertainty "
                "as well as noise\n", posterior.c_str());
  }
  std::vector<std::string> names;
  for (const auto& column : summary.columns()) {
    if (std::holds_alternative<std::vector<double>>(column.values)) names.push_back(column.name);
  }
  const int width = name_width(names, "outcome (total over run)");
  std::printf("\n%-*s %10s %10s %10s %10s\n", width, "outcome (total over run)", "mean", "5 %", "50 %", "95 %");
  for (const auto& column : summary.columns()) {
    const auto* values = std::get_if<std::vector<double>>(&column.values);
    if (!values) continue;
    std::printf("%-*s %10.2f %10.2f %10.2f %10.2f\n", width, column.name.c_str(), sim::mean(*values),
                sim::quantile(*values, 0.05), sim::quantile(*values, 0.5), sim::quantile(*values, 0.95));
  }
  std::printf("\nfirst immersion visit:");
  for (const auto& column : summary.columns()) {
    if (column.name != "first_visit_date") continue;
    for (const auto& date : std::get<std::vector<std::string>>(column.values)) std::printf(" %s", date.empty() ? "none" : date.c_str());
  }
  // Moves per territory: the mean over replications of each step's moves, summed over the steps.
  const auto mean_moves = in.read_double("/ensemble/moved_households/mean");
  const auto codes = in.read_strings("/territories/code");
  const auto territory_names = in.read_strings("/territories/name");
  const auto roles = in.read_strings("/territories/role");
  std::printf("\n\n%-8s %-24s %14s\n", "code", "territory", "moved (mean)");
  for (std::size_t row = 0; row < codes.size(); ++row) {
    if (roles[row] == "origin") continue;  // no household moves to an origin
    double total = 0;
    for (std::size_t step = 0; step < dates.size(); ++step) total += mean_moves[step * codes.size() + row];
    std::printf("%-8s %s %14.2f\n", codes[row].c_str(), padded(territory_names[row], 24).c_str(), total);
  }
  if (scenario.origins.size() > 1) {
    print_moves_by_origin(in, scenario, summary.rows());
    print_costs_by_origin(in, scenario);
  }
  std::printf("\nresults: %s\n", output.string().c_str());
}

// Options that save checkpoints, shared by `run` and `resume`.
struct CheckpointArguments {
  std::optional<std::int64_t> every_weeks;
  std::string until;
  std::string path;

  void declare(CLI::App& command) {
    command.add_option("--checkpoint-every", every_weeks,
                       "Save a checkpoint every WEEKS simulated weeks of each replication (resume it after a crash)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
    command.add_option("--until", until,
                       "Pause every replication before the step containing DATE (YYYY-MM-DD), save a checkpoint and "
                       "write no results (resume it, or branch variants from it with run --from: they go on from DATE)");
    command.add_option("--checkpoint", path, "Checkpoint file (default: the results file's name ending in .ckpt)");
  }

  models::CheckpointRequest request() const {
    models::CheckpointRequest r;
    r.probe = leads();  // the leader writes the checkpoints
    r.path = path;
    r.every_weeks = every_weeks;
    if (!until.empty()) {
      try {
        r.until = sim::Date::parse(until);
      } catch (const std::invalid_argument& e) {
        throw BadInput(std::string("--until: ") + e.what());
      }
    }
    return r;
  }
};

// Checkpoint planning refuses unusable options with std::invalid_argument: bad input.
template <class Plan>
models::CheckpointOptions checked(Plan&& plan) {
  try {
    return plan();
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--") + e.what());
  }
}

// The record level a command-line option names.
models::RecordLevel record_level(const std::string& text) {
  if (const auto level = models::record_level_named(text)) return *level;
  throw BadInput("--record " + text + ": expected summary, series or full");
}

// The records of the ranks other than the leader: they go to the leader's file (RunOptions::sink).
class LeadersRecords final : public models::RecordSink {
 public:
  void begin(const models::EnsembleResult&, std::size_t) override {}
  void add(models::RunRecord) override { throw std::logic_error("a record reached a rank that does not write the results"); }
};

// Runs `work`, whose records go to the results file as they come, then ends the run: reports a pause, or commits
// the results, removes a checkpoint saved only as a safety net and prints the summary. Only the leader writes.
// `periods`: the flow by period to print after the summary (none for resume).
template <class Work>
int run_and_finish(Work&& work, models::RunOptions options, const fs::path& output, models::RecordLevel level, ProgressBar& bar,
                   bool quiet, const PeriodArguments* periods = nullptr) {
  std::optional<models::RunFileWriter> file;
  LeadersRecords elsewhere;
  if (leads()) {
    file.emplace(output, invocation, level);  // fails now, not after the run, when the output cannot be written
    options.sink = &*file;
  } else {
    options.sink = &elsewhere;
  }
  const models::EnsembleResult result = work(options);
  bar.finish();
  if (!leads()) return 0;
  if (result.paused_at) {
    if (!quiet) {
      const auto& run = result.scenario.run;
      const sim::Clock clock(run.start_date, static_cast<int>(run.step_days));
      std::printf("paused before %s (step %d of %zu): checkpoint %s\n"
                  "go on with `emile resume %s`, or branch with `emile run VARIANT.toml --from %s`\n",
                  clock.first_day(*result.paused_at).iso().c_str(), *result.paused_at, result.dates.size(),
                  options.checkpoints.path.c_str(), options.checkpoints.path.c_str(), options.checkpoints.path.c_str());
    }
    return 0;
  }
  file->commit(&interrupted);  // a signal before the rename keeps the previous file
  models::remove_spent_checkpoint(options.checkpoints);
  if (quiet) return 0;
  print_summary(output);
  if (periods && periods->given()) print_flow_by_period(output.string(), *periods);
  return 0;
}

// The date of --stop-after, inside the run.
sim::Date stop_date(const std::string& text, const models::RunSettings& run) {
  sim::Date date;
  try {
    date = sim::Date::parse(text);
  } catch (const std::invalid_argument& e) {
    throw BadInput(std::string("--stop-after: ") + e.what());
  }
  if (date < run.start_date || date > run.end_date) {
    throw BadInput("--stop-after " + date.iso() + ": must fall inside the run (" + run.start_date.iso() + " to " +
                   run.end_date.iso() + ")");
  }
  return date;
}

fs::path default_output(const std::string& scenario_path) { return fs::path(scenario_path).stem().string() + ".h5"; }

}  // namespace

Command add_run_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string output;
    std::string from;
    std::string stop_after;
    std::string record = "full";
    RunArguments run;
    CheckpointArguments checkpoints;
    PosteriorArgument posterior;
    PeriodArguments periods;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  add_examples(*command, {"emile run scenarios/pilot-2019.toml -r 20 --seed 7 -o pilot.h5",
                          "emile run scenarios/pilot-2019.toml --set origin.caseworkers=40 -o more-caseworkers.h5",
                          "emile run scenarios/expansion-2021.toml --set-from 2021-01-01:origin.caseworkers=40 --by year "
                          "-o more-from-2021.h5",
                          "emile run scenarios/expansion-2021.toml --checkpoint-every 26 -o expansion.h5",
                          "mpirun -n 4 emile run scenarios/expansion-2021.toml -r 200 --threads 1 -o expansion.h5"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Results file (default: SCENARIO-NAME.h5 in the current folder)");
  command->add_option("--from", args->from,
                      "Branch from CHECKPOINT (saved with --until): go on from its state under this scenario")
      ->check(CLI::ExistingFile);
  command->add_option("--stop-after", args->stop_after,
                      "Stop every replication after the step containing DATE (YYYY-MM-DD): the results cover the run "
                      "up to it, with the whole run's calendar, events and joins");
  command->add_option("--record", args->record,
                      "What the results file holds of each replication: summary (headline outcomes and bands), "
                      "series (and its time series and outcomes) or full (and its events, households and jobs)")
      ->capture_default_str();
  args->run.declare(*command);
  args->checkpoints.declare(*command);
  args->posterior.declare(*command);
  args->periods.declare(*command);
  return {command, [args] {
            const auto level = record_level(args->record);
            auto scenario = args->run.load(args->scenario);
            if (args->periods.given()) checked_periods(args->periods, scenario);  // refused now, not after the run
            const fs::path output = args->output.empty() ? default_output(args->scenario) : fs::path(args->output);
            ProgressBar bar("run " + scenario.run.name, !args->run.quiet);
            auto options = args->run.options(scenario, bar);
            options.checkpoints = checked([&] { return models::plan_checkpoints(scenario, output, args->checkpoints.request()); });
            if (!args->stop_after.empty()) options.stop_after = stop_date(args->stop_after, scenario.run);
            const auto posterior = args->posterior.load();
            if (posterior && (!args->from.empty() || !options.checkpoints.path.empty())) {
              throw BadInput("--posterior: a run drawing from a posterior saves no checkpoint and goes on from none");
            }
            PosteriorArgument::apply(options, posterior);
            auto inputs = scenario_inputs(scenario, "the scenario");
            inputs.push_back({"--from", args->from});
            refuse_clashes(inputs, {{"-o", output}, {"--checkpoint", options.checkpoints.path}});
            if (args->from.empty()) {
              return run_and_finish([&](const models::RunOptions& o) { return models::run_ensemble(scenario, o); }, options,
                                    output, level, bar, args->run.quiet, &args->periods);
            }
            if (args->run.seed || args->run.replications) {
              throw BadInput("--from " + args->from + ": the seed and replications are the checkpoint's; drop --seed and -r");
            }
            const auto checkpoint = models::load_checkpoint(args->from);
            checkpoint.common_step(args->from);
            return run_and_finish([&](const models::RunOptions& o) { return models::branch_ensemble(checkpoint, scenario, o); },
                                  options, output, level, bar, args->run.quiet, &args->periods);
          }};
}

Command add_resume_command(CLI::App& app) {
  struct Arguments {
    std::string checkpoint;
    std::string output;
    int threads = 0;
    bool quiet = false;
    std::string record = "full";
    CheckpointArguments checkpoints;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand("resume", "Go on with a run from a checkpoint and write its results");
  add_examples(*command, {"emile resume expansion.ckpt", "emile resume expansion.ckpt -o expansion.h5 --threads 2"});
  command->add_option("checkpoint", args->checkpoint, "Checkpoint file")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Results file (default: the one the run was writing)");
  command->add_option("--threads", args->threads, "Threads of this process (0: every core it may use; under mpirun, per rank)")
      ->check(CLI::Range(0, 1024));
  command->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  command->add_option("--record", args->record, "What the results file holds of each replication: summary, series or full")
      ->capture_default_str();
  args->checkpoints.declare(*command);
  return {command, [args] {
            const auto level = record_level(args->record);
            const fs::path path = args->checkpoint;
            const auto checkpoint = models::load_checkpoint(path);
            const fs::path output = args->output.empty() ? checkpoint.output : fs::path(args->output);
            if (output.empty()) throw BadInput(path.string() + ": names no results file; give one with -o");
            refuse_clashes({{"the checkpoint", path}}, {{"-o", output}});
            ProgressBar bar("resume " + checkpoint.scenario.run.name, !args->quiet);
            models::RunOptions options;
            options.threads = args->threads;
            options.progress = [&bar](double fraction) { bar.update(fraction); };
            options.cancel = &interrupted;
            options.processes = &processes();
            options.checkpoints = checked(
                [&] { return models::plan_resumed_checkpoints(checkpoint, path, output, args->checkpoints.request()); });
            return run_and_finish([&](const models::RunOptions& o) { return models::resume_ensemble(checkpoint, o); }, options,
                                  output, level, bar, args->quiet);
          }};
}

}  // namespace emile::cli
