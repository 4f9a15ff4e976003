// `emile check`: does the scenario, or its calibrated posterior, reproduce the observed targets?
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "target_values.hpp"
#include "emile/models/calibration/predictive_check.hpp"

#include <cstdio>
#include <memory>
#include <optional>

namespace emile::cli {
namespace {

void print_check(const models::Scenario& scenario, const models::Targets& targets, const models::CheckResult& result,
                 std::int64_t replications, const models::Posterior* posterior) {
  std::printf("%s: %lld replication(s), seed %lld, %s\n", scenario.run.name.c_str(), static_cast<long long>(replications),
              static_cast<long long>(scenario.run.seed),
              posterior ? ("parameters drawn from the posterior " + posterior->file.string()).c_str()
                        : "the scenario's own parameters");
  std::printf("  %s %12s %12s %25s  %s\n", padded("target", 34).c_str(), "observed", "median", "90 % predictive interval",
              "inside");
  for (std::size_t t = 0; t < targets.targets.size(); ++t) {
    const auto& target = targets.targets[t];
    const auto& c = result.targets[t];
    const std::string interval = "[" + target_value_text(target, scenario, c.low) + ", " +
                                 target_value_text(target, scenario, c.high) + "]";
    std::printf("  %s %12s %12s %25s  %s\n", padded(target.name, 34).c_str(),
                target_value_text(target, scenario, c.observed).c_str(), target_value_text(target, scenario, c.median).c_str(),
                interval.c_str(), c.inside ? "yes" : "NO");
    if (c.shown < replications) {
      std::printf("  %s (shown by %lld of the replications: the others had no household to measure)\n",
                  padded("", 34).c_str(), static_cast<long long>(c.shown));
    }
  }
  std::size_t inside = 0;
  for (const auto& c : result.targets) inside += c.inside;
  std::printf("%zu of %zu targets inside their interval\n", inside, result.targets.size());
}

}  // namespace

Command add_check_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::string targets;
    PosteriorArgument posterior;
    RunArguments run;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "check", "Each target's observed value against the model's median and 90 % predictive interval; exit 1 when one "
               "falls outside");
  add_examples(*command, {"emile check scenarios/pilot-2019.toml --targets scenarios/targets/pilot-2019.toml "
                          "--posterior posterior.h5 -r 50"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("--targets", args->targets, "Targets file (TOML): the observed figures")->required()->check(CLI::ExistingFile);
  args->posterior.declare(*command);
  args->run.declare(*command, default_check_replications);
  return {command, [args] {
            auto scenario = args->run.load(args->scenario);
            const auto targets = models::load_targets(args->targets, scenario);
            const auto posterior = args->posterior.load();
            models::CheckOptions options;
            options.replications = args->run.replications.value_or(default_check_replications);
            options.seed = static_cast<std::uint64_t>(scenario.run.seed);
            options.threads = args->run.threads;
            options.processes = &processes();
            options.posterior = posterior ? &*posterior : nullptr;
            options.cancel = &interrupted;
            ProgressBar bar("check " + scenario.run.name, !args->run.quiet);
            options.progress = [&bar](double fraction) { bar.update(fraction); };
            const auto result = models::check_targets(scenario, targets, options);
            bar.finish();
            if (!args->run.quiet) print_check(scenario, targets, result, options.replications, options.posterior);
            return result.all_inside() ? 0 : exit_targets_missed;
          }};
}

}  // namespace emile::cli
