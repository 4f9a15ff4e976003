// emile — run, check and inspect EMILE scenarios from the command line.
//
// Exit codes: 0 success; 2 bad input (arguments, scenario file, results file); 1 runtime failure (e.g. the
// results cannot be written); 130 interrupted (SIGINT/SIGTERM). On bad input no results file is created.
#include "emile/models/ensemble.hpp"
#include "emile/models/results_io.hpp"
#include "emile/models/scenario.hpp"
#include "emile/sim/results_file.hpp"
#include "progress_bar.hpp"

#include <CLI/CLI.hpp>

#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

namespace {

using namespace emile;

constexpr int exit_bad_input = 2;
constexpr int exit_failure = 1;
constexpr int exit_interrupted = 130;

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) { interrupted.store(true); }

struct RunArguments {
  std::string scenario;
  std::string output;
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> replications;
  int threads = 0;
  bool quiet = false;
  std::vector<std::string> overrides;
};

std::vector<sim::Override> parse_overrides(const std::vector<std::string>& texts) {
  std::vector<sim::Override> overrides;
  for (const auto& text : texts) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw sim::ScenarioError({"--set " + text, 0, 0}, "", "", "expected KEY=VALUE");
    }
    overrides.push_back({text.substr(0, equals), text.substr(equals + 1)});
  }
  return overrides;
}

// `text` padded with spaces to `width` characters (UTF-8 aware, so accented names line up).
std::string padded(const std::string& text, std::size_t width) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return text + std::string(width > characters ? width - characters : 0, ' ');
}

void print_summary(const models::EnsembleResult& result, const std::filesystem::path& output) {
  const auto& scenario = result.scenario;
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  std::vector<models::Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(models::summarise(run, clock));
  std::printf("%s: %s to %s, %zu steps of %lld days, %zu replication(s), seed %llu\n", scenario.run.name.c_str(),
              scenario.run.start_date.iso().c_str(), scenario.run.end_date.iso().c_str(), result.dates.size(),
              static_cast<long long>(scenario.run.step_days), result.runs.size(),
              static_cast<unsigned long long>(result.seed));
  std::printf("\n%-28s %12s %12s %12s\n", "outcome (total over run)", "mean", "min", "max");
  for (std::size_t c = 0; c < summaries.front().names.size(); ++c) {
    double sum = 0, low = summaries.front().values[c], high = low;
    for (const auto& s : summaries) {
      sum += s.values[c];
      low = std::min(low, s.values[c]);
      high = std::max(high, s.values[c]);
    }
    std::printf("%-28s %12.2f %12.2f %12.2f\n", summaries.front().names[c].c_str(), sum / summaries.size(), low, high);
  }
  std::printf("\nfirst immersion visit:");
  for (const auto& s : summaries) std::printf(" %s", s.first_visit_date.empty() ? "none" : s.first_visit_date.c_str());
  // Moves per territory, mean over replications.
  const auto& names = models::metric_names();
  const auto moved = static_cast<std::size_t>(std::find(names.begin(), names.end(), "moved_households") - names.begin());
  std::printf("\n\n%-8s %-24s %14s\n", "code", "territory", "moved (mean)");
  for (std::size_t row = 1; row <= scenario.territories.size(); ++row) {
    double total = 0;
    for (const auto& run : result.runs) {
      for (sim::Step s = 0; s < run.steps; ++s) total += static_cast<double>(run.value(moved, s, row));
    }
    const auto& t = scenario.territories[row - 1];
    std::printf("%-8s %s %14.2f\n", t.code.c_str(), padded(t.name, 24).c_str(), total / result.runs.size());
  }
  std::printf("\nresults: %s\n", output.string().c_str());
}

int run_command(const RunArguments& args) {
  auto scenario = models::load_scenario(args.scenario, parse_overrides(args.overrides));
  if (args.seed) scenario.run.seed = *args.seed;
  if (args.replications) scenario.run.replications = *args.replications;
  const std::filesystem::path output = args.output.empty()
                                          ? std::filesystem::path(std::filesystem::path(args.scenario).stem().string() + ".h5")
                                          : std::filesystem::path(args.output);

  { const sim::ResultsWriter probe(output); }  // fails now, not after the run, when the output cannot be written

  cli::ProgressBar bar(scenario.run.name, !args.quiet);
  models::RunOptions options;
  options.seed = static_cast<std::uint64_t>(scenario.run.seed);
  options.replications = scenario.run.replications;
  options.threads = args.threads;
  options.progress = [&bar](double fraction) { bar.update(fraction); };
  options.cancel = &interrupted;
  const auto result = models::run_ensemble(scenario, options);
  bar.finish();
  models::write_results(output, result);
  if (!args.quiet) print_summary(result, output);
  return 0;
}

int validate_command(const std::string& path) {
  const auto scenario = models::load_scenario(path);
  std::printf("%s: valid (%s, %zu territories, %zu events, %s to %s)\n", path.c_str(), scenario.run.name.c_str(),
              scenario.territories.size(), scenario.events.size(), scenario.run.start_date.iso().c_str(),
              scenario.run.end_date.iso().c_str());
  return 0;
}

int info_command(const std::string& path) {
  const auto info = models::read_results_info(path);
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

int main(int argc, char** argv) {
  CLI::App app{"emile — agent-based simulator of the EMILE relocation programme"};
  app.set_version_flag("--version", std::string("emile ") + EMILE_VERSION);
  app.require_subcommand(1);

  RunArguments run;
  auto* run_cmd = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  run_cmd->add_option("scenario", run.scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--output", run.output, "Results file (default: SCENARIO-NAME.h5 in the current folder)");
  run_cmd->add_option("--seed", run.seed, "Seed (overrides run.seed), 0 to 2^63-1")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            std::int64_t value = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc{} || end != text.data() + text.size() || value < 0) {
              return "seed must be an integer from 0 to 9223372036854775807, got " + text;
            }
            return {};
          },
          "SEED"));
  run_cmd->add_option("-r,--replications", run.replications, "Replications (overrides run.replications)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  run_cmd->add_option("--threads", run.threads, "Threads (0: all cores)")->check(CLI::Range(0, 1024));
  run_cmd->add_option("--set", run.overrides, "Override a parameter: KEY=VALUE in TOML syntax (repeatable)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing but errors");

  std::string validate_path;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file without running it");
  validate_cmd->add_option("scenario", validate_path, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);

  std::string info_path;
  auto* info_cmd = app.add_subcommand("info", "Describe a results file: scenario, seeds, dates, headline outcomes");
  info_cmd->add_option("results", info_path, "Results file (HDF5)")->required()->check(CLI::ExistingFile);

  auto* parameters_cmd =
      app.add_subcommand("parameters", "Print every scenario parameter (key, type, unit, default, rule, meaning) as Markdown");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    if (*run_cmd) return run_command(run);
    if (*validate_cmd) return validate_command(validate_path);
    if (*info_cmd) return info_command(info_path);
    if (*parameters_cmd) {
      std::fputs(sim::describe_markdown(*models::scenario_schema().node()).c_str(), stdout);
      return 0;
    }
  } catch (const sim::ScenarioError& e) {
    std::fprintf(stderr, "emile: %s\n", e.what());
    return exit_bad_input;
  } catch (const sim::ResultsFileError& e) {
    std::fprintf(stderr, "emile: %s\n", e.what());
    return *info_cmd ? exit_bad_input : exit_failure;
  } catch (const models::Cancelled&) {
    std::fprintf(stderr, "\nemile: interrupted; no results written\n");
    return exit_interrupted;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emile: %s\n", e.what());
    return exit_failure;
  }
  return 0;
}
