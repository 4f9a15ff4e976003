// `emile calibrate`: a posterior over the scenario's uncertain parameters given observed targets (ABC-SMC).
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "target_values.hpp"
#include "emile/models/calibration/calibrated_scenario.hpp"
#include "emile/models/calibration/calibration_file.hpp"
#include "emile/sim/atomic_file.hpp"
#include "emile/sim/results_file.hpp"

#include <cstdio>
#include <memory>
#include <span>

namespace emile::cli {
namespace {

std::string generation_line(std::size_t index, const sim::AbcGeneration& g) {
  char line[200];
  std::snprintf(line, sizeof line, "generation %zu: tolerance %.4g, %zu proposals, acceptance %.1f %%, ESS %.0f", index,
                g.tolerance, g.proposals, 100.0 * g.acceptance(), g.effective_sample_size());
  return line;
}

void print_calibration(const models::CalibrationResult& result, const std::string& output) {
  const auto& scenario = result.scenario;
  const auto parameters = models::parameters_table(result);
  const auto column = [&](const sim::Table& table, std::size_t i) -> const auto& { return table.columns()[i].values; };
  const auto& prior_mean = std::get<std::vector<double>>(column(parameters, 5));
  const auto& prior_sd = std::get<std::vector<double>>(column(parameters, 6));
  const auto& mean = std::get<std::vector<double>>(column(parameters, 7));
  const auto& sd = std::get<std::vector<double>>(column(parameters, 8));
  const auto& q05 = std::get<std::vector<double>>(column(parameters, 9));
  const auto& q95 = std::get<std::vector<double>>(column(parameters, 11));
  std::printf("\nposterior (last generation, weighted); prior: generation 0\n");
  std::printf("  %s %-12s %21s %21s %25s\n", padded("parameter", 34).c_str(), "prior", "prior mean ± sd",
              "posterior mean ± sd", "90 % credible interval");
  for (std::size_t k = 0; k < result.keys.size(); ++k) {
    const auto& prior = result.priors[k];
    std::printf("  %s %-12s %10.4g ± %-8.3g %10.4g ± %-8.3g   [%.4g, %.4g]\n", padded(result.keys[k], 34).c_str(),
                std::string(sim::prior_kind_names[static_cast<std::size_t>(prior.kind)]).c_str(), prior_mean[k],
                prior_sd[k], mean[k], sd[k], q05[k], q95[k]);
  }
  const auto targets = models::targets_table(result);
  const auto& t05 = std::get<std::vector<double>>(column(targets, 8));
  const auto& t50 = std::get<std::vector<double>>(column(targets, 9));
  const auto& t95 = std::get<std::vector<double>>(column(targets, 10));
  std::printf("\ntargets: observed, and the posterior's simulations (median [5 %%, 95 %%])\n");
  for (std::size_t t = 0; t < result.targets.targets.size(); ++t) {
    const auto& target = result.targets.targets[t];
    const double observed = models::observed_value(target, scenario);
    std::printf("  %s %12s   %s [%s, %s]\n", padded(target.name, 34).c_str(),
                target_value_text(target, scenario, observed).c_str(), target_value_text(target, scenario, t50[t]).c_str(),
                target_value_text(target, scenario, t05[t]).c_str(), target_value_text(target, scenario, t95[t]).c_str());
  }
  const auto& cost = result.cost;
  const double thread = cost.world_seconds + cost.stepping_seconds + cost.targets_seconds + result.distance_seconds;
  const auto share = [thread](double seconds) { return thread > 0 ? 100.0 * seconds / thread : 0.0; };
  std::printf("\ncost: %llu simulations in %.1f s (%.0f per second); thread time: world %.0f %%, stepping %.0f %%, "
              "targets %.0f %%\n",
              static_cast<unsigned long long>(cost.simulations), result.wall_seconds,
              result.wall_seconds > 0 ? static_cast<double>(cost.simulations) / result.wall_seconds : 0.0,
              share(cost.world_seconds), share(cost.stepping_seconds), share(cost.targets_seconds + result.distance_seconds));
  if (result.draws_own_worlds) {
    std::printf("the uncertain parameters shape the world: %llu simulations drew their own\n",
                static_cast<unsigned long long>(cost.worlds_drawn));
  }
  if (!output.empty()) std::printf("results: %s\n", output.c_str());
}

}  // namespace

Command add_calibrate_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string targets;
    std::string output;
    std::string write_scenario;
    RunArguments run;
    models::CalibrationOptions calibration;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "calibrate", "A posterior over the scenario's [[uncertain]] parameters given observed targets (ABC-SMC)");
  add_examples(*command, {"emile calibrate scenarios/pilot-2019.toml --targets scenarios/targets/pilot-2019.toml "
                          "--particles 200 --generations 3 -o posterior.h5"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML) declaring [[uncertain]] parameters")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--targets", args->targets, "Targets file (TOML): the observed figures")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Write the calibration to this HDF5 file");
  command->add_option("--write-scenario", args->write_scenario,
                      "Write a calibrated scenario: a variant of SCENARIO with each uncertain parameter at its "
                      "posterior median, naming the posterior (needs -o)");
  command->add_option("--particles", args->calibration.particles, "Particles per generation (default 1000)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1000000}));
  command->add_option("--generations", args->calibration.generations, "Generations (default 5)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100}));
  command->add_option("--min-acceptance", args->calibration.min_acceptance,
                      "Stop when a generation accepts a smaller share of its proposals (default 0.01); exit 3")
      ->check(CLI::Range(1e-6, 1.0));
  command->add_option("--quantile", args->calibration.quantile,
                      "Quantile of a generation's distances that sets the next tolerance (default 0.5)")
      ->check(CLI::Range(0.01, 1.0));
  args->run.declare(*command, 1);
  command->get_option("--replications")->description("Simulations per proposal, their values averaged (default 1)");
  return {command, [args] {
            auto scenario = args->run.load(args->scenario);
            const auto targets = models::load_targets(args->targets, scenario);
            auto inputs = scenario_inputs(scenario, "the scenario");
            inputs.push_back({"the targets file", args->targets});
            refuse_clashes(inputs, {{"-o", args->output}, {"--write-scenario", args->write_scenario}});
            args->run.refuse_silence(args->output);
            if (!args->write_scenario.empty() && args->output.empty()) {
              throw BadInput("--write-scenario: the calibrated scenario names its posterior; give -o too");
            }
            if (scenario.uncertain.empty()) {
              throw sim::ScenarioError({scenario.source.string(), 0, 0}, "uncertain", "",
                                       "no [[uncertain]] parameter declared; a calibration needs at least one (key and prior)");
            }
            if (leads() && !args->output.empty()) {
              const sim::ResultsWriter probe(args->output);  // fails now, not after the simulations
            }
            auto options = args->calibration;
            options.seed = static_cast<std::uint64_t>(scenario.run.seed);
            options.replicates = args->run.replications.value_or(1);
            options.threads = args->run.threads;
            options.processes = &processes();
            options.cancel = &interrupted;
            const bool quiet = args->run.quiet;
            ProgressBar bar("calibrate " + scenario.run.name, !quiet);
            std::size_t generation = 0;
            options.progress.batch = [&](std::size_t g, std::size_t accepted) {
              bar.update((static_cast<double>(g) + static_cast<double>(accepted) / static_cast<double>(options.particles)) /
                         static_cast<double>(options.generations));
            };
            options.progress.generation = [&](const sim::AbcGeneration& g) {
              if (!quiet) bar.note(generation_line(generation, g));
              ++generation;
            };
            if (!quiet) {
              std::printf("%s: ABC-SMC over %zu uncertain parameter(s), %zu target(s) (%s distance), %zu particles, "
                          "%zu generations, %lld simulation(s) per proposal, seed %llu\n",
                          scenario.run.name.c_str(), scenario.uncertain.size(), targets.targets.size(),
                          std::string(models::distance_norm_names[static_cast<std::size_t>(targets.distance.norm)]).c_str(),
                          options.particles, options.generations, static_cast<long long>(options.replicates),
                          static_cast<unsigned long long>(options.seed));
              std::fflush(stdout);
            }
            const auto result = models::calibrate(scenario, targets, options);
            bar.finish();
            if (leads() && !args->output.empty()) models::write_calibration(args->output, invocation, result, &interrupted);
            if (leads() && !args->write_scenario.empty()) {
              const std::string text = models::calibrated_scenario(result, args->write_scenario, args->output, invocation);
              sim::AtomicFile file(args->write_scenario);
              file.write(std::as_bytes(std::span(text.data(), text.size())));
              file.commit();
              if (!quiet) std::printf("calibrated scenario: %s\n", args->write_scenario.c_str());
            }
            if (!quiet) print_calibration(result, args->output);
            if (result.abc.stopped_on_acceptance) {
              std::fprintf(stderr,
                           "emile: generation %zu accepted less than %g of its proposals: stopped after %zu generation(s)\n",
                           result.abc.generations.size(), options.min_acceptance, result.abc.generations.size());
              return exit_low_acceptance;
            }
            return 0;
          }};
}

}  // namespace emile::cli
