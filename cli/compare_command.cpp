// `emile compare BASE VARIANT`: paired differences of the headline outcomes under common random numbers.
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "name_column.hpp"
#include "emile/models/analyses/comparison.hpp"
#include "emile/sim/results_file.hpp"

#include <cstdio>
#include <memory>

namespace emile::cli {

Command add_compare_command(CLI::App& app) {
  struct Arguments {
    std::string base;
    std::string variant;
    std::string output;
    RunArguments run;
    PosteriorArgument posterior;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "compare", "Run two scenarios with the same seeds and print paired differences with 95 % confidence intervals");
  add_examples(*command, {"emile compare scenarios/expansion-2021.toml scenarios/variants/mobility-aid.toml -r 10 -o "
                          "mobility-aid.h5"});
  command->add_option("base", args->base, "Base scenario (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("variant", args->variant, "Variant scenario (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("-o,--output", args->output, "Write the comparison to this HDF5 file");
  args->run.declare(*command);
  args->posterior.declare(*command);
  return {command, [args] {
            auto base = args->run.load(args->base);
            auto variant = args->run.load(args->variant);
            // Pairing needs the same seed and replications on both sides: the base's.
            variant.run.seed = base.run.seed;
            variant.run.replications = base.run.replications;
            auto inputs = scenario_inputs(base, "the base scenario");
            for (auto& input : scenario_inputs(variant, "the variant scenario")) inputs.push_back(std::move(input));
            refuse_clashes(inputs, {{"-o", args->output}});
            args->run.refuse_silence(args->output);
            const auto posterior = args->posterior.load();
            if (posterior) posterior->require_untouched(base, variant, "the variant");  // both share each replication's draw
            if (leads() && !args->output.empty()) { const sim::ResultsWriter probe(args->output); }
            ProgressBar bar("compare", !args->run.quiet);
            auto base_options = args->run.options(base, bar);
            PosteriorArgument::apply(base_options, posterior);
            auto variant_options = base_options;
            base_options.progress = [&bar](double f) { bar.update(f / 2); };
            variant_options.progress = [&bar](double f) { bar.update(0.5 + f / 2); };
            const auto base_result = models::run_ensemble(base, base_options);
            const auto variant_result = models::run_ensemble(variant, variant_options);
            bar.finish();
            const auto comparison = models::compare(base_result, variant_result);
            if (leads() && !args->output.empty()) models::write_comparison(args->output, invocation, base_result, variant_result, comparison, &interrupted);
            if (args->run.quiet) return 0;
            std::printf("%s vs %s: %lld paired replication(s), seed %lld%s\n\n", variant.run.name.c_str(), base.run.name.c_str(),
                        static_cast<long long>(base.run.replications), static_cast<long long>(base.run.seed),
                        posterior ? (", parameters drawn from the posterior " + args->posterior.file).c_str() : "");
            std::vector<std::string> outcomes;
            for (const auto& row : comparison) outcomes.push_back(row.outcome);
            const int width = name_width(outcomes, "outcome");
            std::printf("%-*s %12s %12s %12s %25s\n", width, "outcome", "base", "variant", "difference", "95 % CI");
            for (const auto& row : comparison) {
              std::printf("%-*s %12.2f %12.2f %12.2f   [%10.2f, %10.2f]\n", width, row.outcome.c_str(), row.base_mean,
                          row.variant_mean, row.difference.mean, row.difference.low, row.difference.high);
            }
            if (!args->output.empty()) std::printf("\nresults: %s\n", args->output.c_str());
            return 0;
          }};
}

}  // namespace emile::cli
