// `emile sensitivity`: Morris elementary effects of the scenario's levers on the headline outcomes.
#include "arguments.hpp"
#include "commands.hpp"
#include "emile/models/analyses/sensitivity.hpp"
#include "emile/sim/results_file.hpp"

#include <cstdio>
#include <memory>

namespace emile::cli {
namespace {

void print_sensitivity(const models::SensitivityResult& result, const std::string& output) {
  const auto& scenario = result.scenario;
  const std::size_t levers = scenario.levers.size();
  std::printf("%s: Morris elementary effects, %lld trajectories of %zu points, %lld levels (delta = %.3f), "
              "%lld replication(s) per point, seed %llu\n",
              scenario.run.name.c_str(), static_cast<long long>(result.options.trajectories), levers + 1,
              static_cast<long long>(result.options.levels), result.delta, static_cast<long long>(result.replications),
              static_cast<unsigned long long>(result.seed));
  std::printf("effects: change in the outcome's total over the run per normalised lever range (min to max)\n");
  const auto& outcomes = models::sensitivity_outcomes();
  for (std::size_t i = 0; i < levers; ++i) {
    const auto& lever = scenario.levers[i];
    std::printf("\n%s in [%g, %g]\n", lever.key.c_str(), lever.min, lever.max);
    std::printf("  %-22s %12s %12s %12s\n", "outcome", "mu", "mu*", "sigma");
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const auto& e = result.effects[i * outcomes.size() + o];
      std::printf("  %-22s %12.2f %12.2f %12.2f\n", e.outcome.c_str(), e.mu, e.mu_star, e.sigma);
    }
  }
  if (!output.empty()) std::printf("\nresults: %s\n", output.c_str());
}

}  // namespace

Command add_sensitivity_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string output;
    RunArguments run;
    models::SensitivityOptions sensitivity;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand("sensitivity", "Morris elementary effects of the scenario's [[lever]]s on the headline outcomes");
  command->add_option("scenario", args->scenario, "Scenario file (TOML) declaring [[lever]]s")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Write the analysis to this HDF5 file");
  command->add_option("--trajectories", args->sensitivity.trajectories, "Morris trajectories (default 10)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{100000}));
  command->add_option("--levels", args->sensitivity.levels, "Grid levels, even (default 4)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{1000}));
  args->run.declare(*command);
  return {command, [args] {
            const auto scenario = args->run.load(args->scenario);
            refuse_clashes(scenario_inputs(scenario, "the scenario"), {{"-o", args->output}});
            if (args->sensitivity.levels % 2 != 0) {
              throw BadInput("--levels " + std::to_string(args->sensitivity.levels) + ": must be even");
            }
            // Checks the levers (a ScenarioError) before anything is created or run.
            models::morris_design(scenario, static_cast<std::uint64_t>(scenario.run.seed), args->sensitivity);
            if (!args->output.empty()) {
              const sim::ResultsWriter probe(args->output);  // fails now, not after the runs
            }
            ProgressBar bar("sensitivity " + scenario.run.name, !args->run.quiet);
            const auto result = models::analyse_sensitivity(scenario, args->run.options(scenario, bar), args->sensitivity);
            bar.finish();
            if (!args->output.empty()) models::write_sensitivity(args->output, invocation, result, &interrupted);
            if (!args->run.quiet) print_sensitivity(result, args->output);
            return 0;
          }};
}

}  // namespace emile::cli
