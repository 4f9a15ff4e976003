// `emile capacity`: steady-state relocations per year, the wait for each resource, what one more unit of it
// adds, and the binding constraint.
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "emile/models/analyses/capacity.hpp"
#include "emile/sim/results_file.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

namespace emile::cli {
namespace {

std::string interval(const sim::Interval& i, std::int64_t replications, const char* format) {
  if (replications < 2) return "n/a";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, i.low, i.high);
  return buffer;
}

void print_capacity(const models::CapacityResult& result, const std::string& output) {
  const auto& steady = result.steady;
  const sim::Clock clock(steady.run.start_date, static_cast<int>(steady.run.step_days));
  const auto& w = result.window;
  std::printf("%s: steady state of %s held constant, from %s: %lld weeks of warm-up, then %lld weeks measured "
              "(%s to %s)\n%lld replication(s), seed %llu\n",
              result.scenario.run.name.c_str(), result.scenario.run.end_date.iso().c_str(), steady.run.start_date.iso().c_str(),
              static_cast<long long>(result.options.warmup_weeks), static_cast<long long>(result.options.window_weeks),
              clock.first_day(w.warmup_steps).iso().c_str(), clock.last_day(w.warmup_steps + w.window_steps - 1).iso().c_str(),
              static_cast<long long>(result.replications), static_cast<unsigned long long>(result.seed));
  if (!result.posterior.empty()) {
    std::printf("each replication drew its parameters from the posterior %s (one more unit of a drawn resource: on "
                "top of its drawn value)\n", result.posterior.string().c_str());
  }

  std::printf("\n%-8s %-24s %18s %18s\n", "code", "territory", "relocations/year", "95 % CI");
  for (const auto& r : result.relocations) {
    std::printf("%-8s %s %18.1f %18s\n", r.territory.c_str(), padded(r.name, 24).c_str(), r.per_year.mean,
                interval(r.per_year, result.replications, "[%.1f, %.1f]").c_str());
  }

  if (!result.closed.empty()) {
    std::printf("(closed over the whole window, left out:");
    for (const auto& code : result.closed) std::printf(" %s", code.c_str());
    std::printf(")\n");
  }

  std::printf("\n%-22s %-6s %-17s %12s %12s %12s %18s %9s %12s\n", "resource", "where", "unit", "wait (weeks)",
              "queue (weeks)", "gain/year", "95 % CI", "Holm p", "per 100k €");
  const auto weeks = [](double value) {
    char text[32] = "n/a";
    if (!std::isnan(value)) std::snprintf(text, sizeof text, "%.1f", value);
    return std::string(text);
  };
  const auto number = [](const char* format, double value) {
    char text[32] = "";
    if (!std::isnan(value)) std::snprintf(text, sizeof text, format, value);
    return std::string(text);
  };
  for (const auto& r : result.resources) {
    std::printf("%-22s %-6s %-17s %12s %12s %+12.2f %18s %9s %12s\n", r.resource.c_str(), r.territory.c_str(),
                r.unit.c_str(), weeks(r.mean_wait_weeks).c_str(), weeks(r.mean_queue_weeks).c_str(), r.gain_per_year.mean,
                interval(r.gain_per_year, result.replications, "[%+.2f, %+.2f]").c_str(),
                number("%.3f", r.holm_p_value).c_str(), number("%+.2f", r.gain_per_100k_eur()).c_str());
  }
  std::printf("(wait: time in the stage, fixed durations included; queue: time in the resource's queue alone; "
              "referrals = mean interval between two referrals; Holm p: the gain's p-value corrected for the %zu "
              "resources tested (a gain of 0 in every replication, never used, is not tested); per 100k €: gain per 100 000 € a year of the unit's declared cost; see "
              "docs/analyses.md)\n", result.tested);

  std::printf("\nbinding constraint: %s\n%s\n", result.binding_label().c_str(), result.binding_statement().c_str());
  if (!output.empty()) std::printf("results: %s\n", output.c_str());
}

}  // namespace

Command add_capacity_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string output;
    RunArguments run;
    models::CapacityOptions capacity;
    PosteriorArgument posterior;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "capacity", "Steady-state relocations per year, the wait for each resource and the gain from one more unit");
  add_examples(*command, {"emile capacity scenarios/expansion-2021.toml -r 10 -o capacity.h5"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Write the analysis to this HDF5 file");
  command->add_option("--warmup-weeks", args->capacity.warmup_weeks, "Weeks simulated before measuring (default 26)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{2600}));
  command->add_option("--window-weeks", args->capacity.window_weeks, "Weeks measured (default 52)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{2600}));
  args->run.declare(*command);
  args->posterior.declare(*command);
  return {command, [args] {
            const auto scenario = args->run.load(args->scenario);
            const auto posterior = args->posterior.load();
            refuse_clashes(scenario_inputs(scenario, "the scenario"), {{"-o", args->output}});
            args->run.refuse_silence(args->output);
            if (leads() && !args->output.empty()) {
              const sim::ResultsWriter probe(args->output);  // fails now, not after the runs
            }
            ProgressBar bar("capacity " + scenario.run.name, !args->run.quiet);
            auto options = args->run.options(scenario, bar);
            PosteriorArgument::apply(options, posterior);
            const auto result = models::analyse_capacity(scenario, options, args->capacity);
            bar.finish();
            if (leads() && !args->output.empty()) models::write_capacity(args->output, invocation, result, &interrupted);
            if (!args->run.quiet) print_capacity(result, args->output);
            return 0;
          }};
}

}  // namespace emile::cli
