// `emile sensitivity`: Morris elementary effects of the scenario's levers on the headline outcomes, or Sobol'
// indices of its uncertain parameters (`--method sobol`).
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "emile/models/analyses/sensitivity.hpp"
#include "emile/models/analyses/sobol_sensitivity.hpp"
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
    std::printf("  %-22s %12s %12s %21s %12s\n", "outcome", "mu", "mu*", "mu* 95 % interval", "sigma");
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const auto& e = result.effects[i * outcomes.size() + o];
      std::printf("  %-22s %12.2f %12.2f   [%8.2f, %8.2f] %12.2f\n", e.outcome.c_str(), e.mu, e.mu_star, e.mu_star_low,
                  e.mu_star_high, e.sigma);
    }
  }
  if (!output.empty()) std::printf("\nresults: %s\n", output.c_str());
}

void print_sobol(const models::SobolResult& result, const std::string& output) {
  const std::size_t d = result.keys.size();
  std::printf("%s: Sobol' indices of %zu uncertain parameter(s) over %s, %lld samples (%zu ensembles of %lld "
              "replication(s)), seed %llu\n",
              result.scenario.run.name.c_str(), d,
              result.posterior.empty() ? "their priors" : ("the posterior " + result.posterior.string()).c_str(),
              static_cast<long long>(result.options.samples), result.points.size(),
              static_cast<long long>(result.replications), static_cast<unsigned long long>(result.seed));
  std::printf("share of each outcome's variance: first order (the parameter alone), total (with its interactions); "
              "95 %% bootstrap intervals\n");
  const auto& outcomes = models::sensitivity_outcomes();
  for (std::size_t i = 0; i < d; ++i) {
    std::printf("\n%s\n  %-22s %26s %26s\n", result.keys[i].c_str(), "outcome", "first order", "total");
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      const auto& s = result.indices[i * outcomes.size() + o].index;
      std::printf("  %-22s %6.2f [%6.2f, %6.2f]      %6.2f [%6.2f, %6.2f]\n", outcomes[o].c_str(), s.first, s.first_low,
                  s.first_high, s.total, s.total_low, s.total_high);
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
    std::string method = "morris";
    models::SobolOptions sobol;
    PosteriorArgument posterior;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "sensitivity", "Morris elementary effects of the scenario's [[lever]]s, or Sobol' indices of its [[uncertain]] "
                     "parameters, on the headline outcomes");
  add_examples(*command, {"emile sensitivity scenarios/expansion-2021.toml -r 1 --trajectories 4 -o morris.h5",
                          "emile sensitivity scenarios/pilot-2019.toml --method sobol --samples 128 -o sobol.h5"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML) declaring [[lever]]s or [[uncertain]] parameters")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--method", args->method, "morris (the levers' elementary effects) or sobol (the uncertain "
                                                "parameters' variance shares)")
      ->check(CLI::IsMember({"morris", "sobol"}))
      ->capture_default_str();
  command->add_option("--samples", args->sobol.samples, "sobol: rows of each of the two samples (default 128)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{1000000}));
  command->add_option("--bootstrap", args->sobol.bootstrap, "sobol: bootstrap resamples for the intervals (default 200)")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{100000}));
  args->posterior.declare(*command);
  command->add_option("-o,--output", args->output, "Write the analysis to this HDF5 file");
  command->add_option("--trajectories", args->sensitivity.trajectories, "Morris trajectories (default 10)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{100000}));
  command->add_option("--levels", args->sensitivity.levels, "Grid levels, even (default 4)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{1000}));
  args->run.declare(*command);
  return {command, [args] {
            const auto scenario = args->run.load(args->scenario);
            refuse_clashes(scenario_inputs(scenario, "the scenario"), {{"-o", args->output}});
            args->run.refuse_silence(args->output);
            if (args->method == "sobol") {
              const auto posterior = args->posterior.load();
              if (!posterior && scenario.uncertain.empty()) {
                throw sim::ScenarioError({scenario.source.string(), 0, 0}, "uncertain", "",
                                         "no [[uncertain]] parameter declared; Sobol indices need at least one (key "
                                         "and prior), or --posterior");
              }
              if (leads() && !args->output.empty()) { const sim::ResultsWriter probe(args->output); }
              ProgressBar bar("sobol " + scenario.run.name, !args->run.quiet);
              const auto result = models::analyse_sobol(scenario, args->run.options(scenario, bar), args->sobol,
                                                        posterior ? &*posterior : nullptr);
              bar.finish();
              if (leads() && !args->output.empty()) models::write_sobol(args->output, invocation, result, &interrupted);
              if (!args->run.quiet) print_sobol(result, args->output);
              return 0;
            }
            if (!args->posterior.file.empty()) throw BadInput("--posterior: Morris's levers take their ranges, not a posterior; use --method sobol");
            if (args->sensitivity.levels % 2 != 0) {
              throw BadInput("--levels " + std::to_string(args->sensitivity.levels) + ": must be even");
            }
            // Checks the levers (a ScenarioError) before anything is created or run.
            models::morris_design(scenario, static_cast<std::uint64_t>(scenario.run.seed), args->sensitivity);
            if (leads() && !args->output.empty()) {
              const sim::ResultsWriter probe(args->output);  // fails now, not after the runs
            }
            ProgressBar bar("sensitivity " + scenario.run.name, !args->run.quiet);
            const auto result = models::analyse_sensitivity(scenario, args->run.options(scenario, bar), args->sensitivity);
            bar.finish();
            if (leads() && !args->output.empty()) models::write_sensitivity(args->output, invocation, result, &interrupted);
            if (!args->run.quiet) print_sensitivity(result, args->output);
            return 0;
          }};
}

}  // namespace emile::cli
