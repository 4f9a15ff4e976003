// `emile sweep SCENARIO --vary KEY=V1,V2 …`: runs the grid of variants and tabulates headline outcomes.
#include "arguments.hpp"
#include "commands.hpp"
#include "job.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/models/analyses/sweep.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <cstdio>
#include <memory>

namespace emile::cli {
namespace {

const std::vector<std::string> printed_outcomes = {"enrolled_households", "moved_households", "settled_households",
                                                   "returned_households", "withdrawn_households",
                                                   "cost_net_per_moved_eur"};

}  // namespace

Command add_sweep_command(CLI::App& app) {
  struct Arguments {
    std::string scenario;
    std::vector<std::string> vary;
    std::string output;
    RunArguments run;
    PosteriorArgument posterior;
  };
  auto args = std::make_shared<Arguments>();
  auto* command = app.add_subcommand("sweep", "Run a scenario over a grid of parameter values");
  add_examples(*command, {"emile sweep scenarios/pilot-2019.toml --vary territory.15.reserved_dwellings=5,10,20 -r "
                          "10 -o sweep.h5"});
  command->add_option("scenario", args->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  command->add_option("--vary", args->vary, "KEY=V1,V2,… (TOML values; repeatable: the grid is their product)")->required();
  command->add_option("-o,--output", args->output, "Write the sweep to this HDF5 file");
  args->run.declare(*command);
  args->posterior.declare(*command);
  return {command, [args] {
            std::vector<models::SweepAxis> axes;
            for (const auto& text : args->vary) axes.push_back(models::SweepAxis::parse(text));
            const models::Sweep sweep(axes);
            const auto base = args->run.load(args->scenario);
            sweep.check_distinct(base);
            refuse_clashes(scenario_inputs(base, "the scenario"), {{"-o", args->output}});
            args->run.refuse_silence(args->output);
            // Load every point first: a bad value fails before anything runs.
            std::vector<models::Scenario> scenarios;
            for (std::size_t p = 0; p < sweep.size(); ++p) scenarios.push_back(args->run.load(args->scenario, sweep.point(p)));
            const auto posterior = args->posterior.load();
            for (std::size_t p = 0; posterior && p < sweep.size(); ++p) {
              posterior->require_untouched(base, scenarios[p], "--vary");
            }
            if (leads() && !args->output.empty()) { const sim::ResultsWriter probe(args->output); }
            ProgressBar bar("sweep", !args->run.quiet);
            std::vector<models::EnsembleResult> results;
            for (std::size_t p = 0; p < sweep.size(); ++p) {
              auto options = args->run.options(scenarios[p], bar);
              options.progress = [&bar, p, n = sweep.size()](double f) { bar.update((static_cast<double>(p) + f) / n); };
              PosteriorArgument::apply(options, posterior);
              results.push_back(models::run_ensemble(scenarios[p], options));
            }
            bar.finish();
            if (leads() && !args->output.empty()) models::write_sweep(args->output, invocation, sweep, results, &interrupted);
            if (args->run.quiet) return 0;
            std::printf("%s: %zu grid point(s), %lld replication(s) each, seed %lld (means over replications)%s\n\n",
                        scenarios.front().run.name.c_str(), sweep.size(), static_cast<long long>(scenarios.front().run.replications),
                        static_cast<long long>(scenarios.front().run.seed),
                        posterior ? (", parameters drawn from the posterior " + args->posterior.file).c_str() : "");
            std::printf("%5s", "point");
            for (const auto& axis : sweep.axes()) std::printf(" %s", padded(axis.key, 24).c_str());
            for (const auto& name : printed_outcomes) std::printf(" %s", padded(name, 22).c_str());
            std::printf("\n");
            std::vector<std::vector<double>> moved(sweep.size());  // per point, per replication
            for (std::size_t p = 0; p < sweep.size(); ++p) {
              std::printf("%5zu", p);
              for (const auto& o : sweep.point(p)) std::printf(" %s", padded(o.value, 24).c_str());
              std::vector<models::Summary> summaries;
              for (const auto& run : results[p].runs) summaries.push_back(models::summarise(run, scenarios[p]));
              for (const auto& name : printed_outcomes) {
                std::vector<double> values;
                for (const auto& s : summaries) values.push_back(s[name]);
                std::printf(" %22.2f", sim::mean(values));
              }
              for (const auto& s : summaries) moved[p].push_back(s["moved_households"]);
              std::printf("\n");
            }
            std::printf("\nmoved_households over the replications (every outcome's spread: /sweep/quantiles with -o)\n"
                        "%5s %10s %10s %10s %10s\n", "point", "mean", "5 %", "50 %", "95 %");
            for (std::size_t p = 0; p < sweep.size(); ++p) {
              std::printf("%5zu %10.2f %10.2f %10.2f %10.2f\n", p, sim::mean(moved[p]), sim::quantile(moved[p], 0.05),
                          sim::quantile(moved[p], 0.5), sim::quantile(moved[p], 0.95));
            }
            if (!args->output.empty()) std::printf("\nresults: %s\n", args->output.c_str());
            return 0;
          }};
}

}  // namespace emile::cli
