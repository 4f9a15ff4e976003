// `emile compare BASE VARIANT`: paired differences of the headline outcomes under common random numbers.
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "name_column.hpp"
#include "flow_periods.hpp"
#include "emile/models/analyses/comparison.hpp"
#include "emile/models/analyses/territory_comparison.hpp"
#include "emile/sim/results_file.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

namespace emile::cli {

namespace {

// The variant's name when it is the base with changes: `with origin.caseworkers=40 from 2021-01-01, …`.
template <class Arguments>
std::string variant_label(const Arguments& args) {
  std::string label;
  for (const auto& text : args.variant_overrides) label += (label.empty() ? "with " : ", ") + text;
  for (const auto& text : args.variant_changes) {
    const auto colon = text.find(':');
    label += (label.empty() ? "with " : ", ") + text.substr(colon + 1) + " from " + text.substr(0, colon);
  }
  return label;
}

// A change in percent, rounded to the unit with its sign; empty when there is none (a ratio of nothing).
std::string change_text(double percent) {
  if (std::isnan(percent)) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.0f %%", percent);
  return buffer;
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  struct Arguments {
    std::string base;
    std::string variant;
    std::string output;
    RunArguments run;
    PosteriorArgument posterior;
    PeriodArguments periods;
    std::vector<std::string> variant_overrides;  ///< --variant-set
    std::vector<std::string> variant_changes;    ///< --variant-set-from
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand(
      "compare", "Run two scenarios with the same seeds and print paired differences with 95 % confidence intervals");
  add_examples(*command, {"emile compare scenarios/expansion-2021.toml scenarios/variants/mobility-aid.toml -r 10 -o "
                          "mobility-aid.h5",
                          "emile compare scenarios/expansion-2021.toml scenarios/variants/mobility-aid.toml -r 10 --by "
                          "year --flow settled_households",
                          "emile compare scenarios/expansion-2021.toml --variant-set-from "
                          "2021-01-01:origin.caseworkers=40 -r 10 --period 2021"});
  command->add_option("base", args->base, "Base scenario (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("variant", args->variant,
                      "Variant scenario (TOML); without it, the base with the --variant-set and --variant-set-from "
                      "changes")
      ->check(CLI::ExistingFile);
  command->add_option("--variant-set", args->variant_overrides,
                      "Override a parameter of the variant only: KEY=VALUE in TOML syntax (repeatable; --set changes "
                      "both sides)");
  command->add_option("--variant-set-from", args->variant_changes,
                      "Change a parameter of the variant only, from a date on: DATE:KEY=VALUE (repeatable; --set-from "
                      "changes both sides)");
  command->add_option("-o,--output", args->output, "Write the comparison to this HDF5 file");
  args->run.declare(*command);
  args->posterior.declare(*command);
  args->periods.declare(*command);
  return {command, [args] {
            if (args->variant.empty() && args->variant_overrides.empty() && args->variant_changes.empty()) {
              throw BadInput("compare needs a VARIANT file, or the changes that make the variant from the base: "
                             "--variant-set KEY=VALUE or --variant-set-from DATE:KEY=VALUE");
            }
            auto base = args->run.load(args->base);
            auto variant = args->run.load(args->variant.empty() ? args->base : args->variant,
                                          parse_overrides(args->variant_overrides, "--variant-set"),
                                          args->variant_changes, "--variant-set-from");
            if (args->variant.empty()) variant.run.name = base.run.name + " " + variant_label(*args);
            // Pairing needs the same seed and replications on both sides: the base's.
            variant.run.seed = base.run.seed;
            variant.run.replications = base.run.replications;
            auto inputs = scenario_inputs(base, "the base scenario");
            for (auto& input : scenario_inputs(variant, "the variant scenario")) inputs.push_back(std::move(input));
            refuse_clashes(inputs, {{"-o", args->output}});
            args->run.refuse_silence(args->output);
            const auto periods = checked_periods(args->periods, base);
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
            const auto by_territory = models::compare_by_territory(base_result, variant_result, periods);
            if (leads() && !args->output.empty()) {
              models::write_comparison(args->output, invocation, base_result, variant_result, comparison, by_territory,
                                       &interrupted);
            }
            if (args->run.quiet) return 0;
            std::printf("%s vs %s: %lld paired replication(s), seed %lld%s\n\n", variant.run.name.c_str(), base.run.name.c_str(),
                        static_cast<long long>(base.run.replications), static_cast<long long>(base.run.seed),
                        posterior ? (", parameters drawn from the posterior " + args->posterior.file).c_str() : "");
            std::vector<std::string> outcomes;
            for (const auto& row : comparison) outcomes.push_back(row.outcome);
            const int width = name_width(outcomes, "outcome");
            std::printf("headline outcomes over the whole run (%s to %s):\n", base.run.start_date.iso().c_str(),
                        base.run.end_date.iso().c_str());
            std::printf("%-*s %12s %12s %12s %25s %9s\n", width, "outcome", "base", "variant", "difference", "95 % CI",
                        "change");
            for (const auto& row : comparison) {
              const auto& e = row.estimate;
              const double change = models::percent_change(e.ratio.mean);
              std::printf("%-*s %12.2f %12.2f %12.2f   [%10.2f, %10.2f] %9s\n", width, row.outcome.c_str(), e.base_mean,
                          e.variant_mean, e.difference.mean, e.difference.low, e.difference.high,
                          change_text(change).c_str());
            }
            print_compared_flow(by_territory, args->periods.flow_name());
            if (base.origins.size() > 1 || variant.origins.size() > 1) {
              print_compared_origin_host(models::compare_by_origin_host(base_result, variant_result), "moved_households");
            }
            if (!args->output.empty()) std::printf("\nresults: %s\n", args->output.c_str());
            return 0;
          }};
}

}  // namespace emile::cli
