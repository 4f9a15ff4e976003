// `emile run`: runs a scenario's replications and writes the results file.
#include "arguments.hpp"
#include "commands.hpp"
#include "emile/models/recorder.hpp"
#include "emile/models/summary.hpp"
#include "emile/models/results_io.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cstdio>

namespace emile::cli {
namespace {

void print_summary(const models::EnsembleResult& result, const std::filesystem::path& output) {
  const auto& scenario = result.scenario;
  std::vector<models::Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(models::summarise(run, result.scenario));
  std::printf("%s: %s to %s, %zu steps of %lld days, %zu replication(s), seed %llu\n", scenario.run.name.c_str(),
              scenario.run.start_date.iso().c_str(), scenario.run.end_date.iso().c_str(), result.dates.size(),
              static_cast<long long>(scenario.run.step_days), result.runs.size(),
              static_cast<unsigned long long>(result.seed));
  std::printf("\n%-28s %10s %10s %10s %10s\n", "outcome (total over run)", "mean", "5 %", "50 %", "95 %");
  for (std::size_t c = 0; c < summaries.front().names.size(); ++c) {
    std::vector<double> values;
    for (const auto& s : summaries) values.push_back(s.values[c]);
    std::printf("%-28s %10.2f %10.2f %10.2f %10.2f\n", summaries.front().names[c].c_str(), sim::mean(values),
                sim::quantile(values, 0.05), sim::quantile(values, 0.5), sim::quantile(values, 0.95));
  }
  std::printf("\nfirst immersion visit:");
  for (const auto& s : summaries) std::printf(" %s", s.first_visit_date.empty() ? "none" : s.first_visit_date.c_str());
  // Moves per territory, mean over replications.
  const std::size_t moved = models::metric_index("moved_households");
  std::printf("\n\n%-8s %-24s %14s\n", "code", "territory", "moved (mean)");
  for (std::size_t row = 1; row <= scenario.territories.size(); ++row) {
    double total = 0;
    for (const auto& run : result.runs) total += run.total(moved, row);
    const auto& t = scenario.territories[row - 1];
    std::printf("%-8s %s %14.2f\n", t.code.c_str(), padded(t.name, 24).c_str(), total / result.runs.size());
  }
  std::printf("\nresults: %s\n", output.string().c_str());
}

}  // namespace

Command add_run_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string output;
    RunArguments run;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  command->add_option("scenario", args->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Results file (default: SCENARIO-NAME.h5 in the current folder)");
  args->run.declare(*command);
  return {command, [args] {
            const auto scenario = args->run.load(args->scenario);
            const std::filesystem::path output =
                args->output.empty()
                    ? std::filesystem::path(std::filesystem::path(args->scenario).stem().string() + ".h5")
                    : std::filesystem::path(args->output);
            { const sim::ResultsWriter probe(output); }  // fails now, not after the run, when the output cannot be written
            ProgressBar bar(scenario.run.name, !args->run.quiet);
            const auto result = models::run_ensemble(scenario, args->run.options(scenario, bar));
            bar.finish();
            models::write_results(output, result);
            if (!args->run.quiet) print_summary(result, output);
            return 0;
          }};
}

}  // namespace emile::cli
