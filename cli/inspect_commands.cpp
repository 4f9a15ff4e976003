// `emile validate`, `emile info` and `emile parameters`: look at scenarios and results without running.
#include "arguments.hpp"
#include "commands.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/results_file.hpp"

#include <cstdio>
#include <memory>

namespace emile::cli {
namespace {

int validate(const std::string& path) {
  const auto scenario = models::load_scenario(path);
  std::printf("%s: valid (%s, %zu territories, %zu events, %s to %s)\n", path.c_str(), scenario.run.name.c_str(),
              scenario.territories.size(), scenario.events.size(), scenario.run.start_date.iso().c_str(),
              scenario.run.end_date.iso().c_str());
  return 0;
}

int info(const std::string& path) {
  models::ResultsInfo info;
  try {
    info = models::read_results_info(path);
  } catch (const sim::ResultsFileError& e) {
    throw BadInput(e.what());
  }
  std::printf("file:          %s\n", path.c_str());
  std::printf("scenario:      %s\n", info.scenario.c_str());
  std::printf("emile version: %s (results schema %lld)\n", info.emile_version.c_str(), static_cast<long long>(info.schema_version));
  std::printf("created (UTC): %s\n", info.created_utc.c_str());
  std::printf("seed:          %lld, %lld replication(s)\n", static_cast<long long>(info.seed), static_cast<long long>(info.replications));
  std::printf("dates:         %s to %s, %zu steps of %lld days (from %s)\n", info.dates.empty() ? "-" : info.dates.front().c_str(),
              info.dates.empty() ? "-" : info.dates.back().c_str(), info.dates.size(), static_cast<long long>(info.step_days),
              info.start_date.c_str());
  std::printf("territories:  ");
  for (const auto& code : info.territories) std::printf(" %s", code.c_str());
  std::printf("\n\nheadline outcomes (mean over replications):\n");
  for (std::size_t i = 0; i < info.summary_names.size(); ++i) {
    std::printf("  %-28s %12.2f\n", info.summary_names[i].c_str(), info.summary_means[i]);
  }
  return 0;
}

}  // namespace

Command add_validate_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* command = app.add_subcommand("validate", "Check a scenario file without running it");
  command->add_option("scenario", *path, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  return {command, [path] { return validate(*path); }};
}

Command add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* command = app.add_subcommand("info", "Describe a results file: scenario, seeds, dates, headline outcomes");
  command->add_option("results", *path, "Results file (HDF5)")->required()->check(CLI::ExistingFile);
  return {command, [path] { return info(*path); }};
}

Command add_parameters_command(CLI::App& app) {
  auto* command =
      app.add_subcommand("parameters", "Print every scenario parameter (key, type, unit, default, rule, meaning) as Markdown");
  return {command, [] {
            std::fputs(sim::describe_markdown(*models::scenario_schema().node()).c_str(), stdout);
            return 0;
          }};
}

}  // namespace emile::cli
