#include "arguments.hpp"

#include "job.hpp"

#include "emile/models/calibration/calibration_file.hpp"
#include "emile/sim/results_file.hpp"

#include <charconv>
#include <filesystem>

namespace emile::cli {

std::string invocation;

void add_examples(CLI::App& command, std::initializer_list<const char*> lines) {
  std::string footer = "\nExamples (from the repository's root):";
  for (const char* line : lines) footer += std::string("\n  ") + line;
  command.footer(footer);
}

std::string shell_command_line(int count, const char* const* arguments) {
  std::string line;
  for (int i = 0; i < count; ++i) {
    std::string argument = arguments[i];
    if (i == 0) argument = std::filesystem::path(argument).filename().string();
    const bool plain = !argument.empty() && argument.find_first_not_of(
                                                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                "_-+=.,/:@%") == std::string::npos;
    if (i > 0) line += ' ';
    if (plain) {
      line += argument;
      continue;
    }
    line += '\'';
    for (char c : argument) line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += '\'';
  }
  return line;
}

models::ResultsInfo results_info(const std::string& path) {
  try {
    return models::read_results_info(path);
  } catch (const sim::ResultsFileError& e) {
    throw BadInput(e.what());
  }
}

std::vector<sim::Override> parse_overrides(const std::vector<std::string>& texts, const std::string& option) {
  std::vector<sim::Override> overrides;
  for (const auto& text : texts) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw sim::ScenarioError({option + " " + text, 0, 0}, "", "", "expected KEY=VALUE");
    }
    overrides.push_back({text.substr(0, equals), text.substr(equals + 1), option});
  }
  return overrides;
}

std::vector<NamedPath> scenario_inputs(const models::Scenario& scenario, const std::string& role) {
  std::vector<NamedPath> inputs{{role, scenario.source}};
  const auto communes = models::communes_file_path(scenario);
  if (!communes.empty()) inputs.push_back({role + "'s communes file", communes});
  return inputs;
}

void refuse_clashes(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  if (auto clash = sim::output_clash(inputs, outputs)) throw BadInput(*clash);
}

void RunArguments::declare(CLI::App& command, std::int64_t default_replications_hint) {
  command.add_option("--seed", seed, "Seed (overrides run.seed), 0 to 2^63-1")
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
  auto* r = command.add_option("-r,--replications", replications,
                               default_replications_hint
                                   ? "Replications (default " + std::to_string(default_replications_hint) + ")"
                                   : std::string("Replications (overrides run.replications)"));
  r->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  command.add_option("--threads", threads, "Threads of this process (0: every core it may use; under mpirun, per rank)")->check(CLI::Range(0, 1024));
  command.add_option("--set", overrides, "Override a parameter: KEY=VALUE in TOML syntax (repeatable)");
  command.add_option("--set-from", dated_changes,
                     "Change a parameter from a date on: DATE:KEY=VALUE, such as 2021-01-01:origin.caseworkers=40 (a "
                     "dated event; repeatable; only keys that can change during a run)");
  command.add_flag("-q,--quiet", quiet, "Print nothing but errors");
}

models::Scenario RunArguments::load(const std::string& path, const std::vector<sim::Override>& extra,
                                    const std::vector<std::string>& extra_dated, const std::string& dated_option) const {
  auto all = parse_overrides(overrides);
  all.insert(all.end(), extra.begin(), extra.end());
  auto scenario = models::load_scenario(path, all);
  for (const auto& change : dated_changes) models::add_dated_change(scenario, change, "--set-from");
  for (const auto& change : extra_dated) models::add_dated_change(scenario, change, dated_option);
  if (seed) scenario.run.seed = *seed;
  if (replications) scenario.run.replications = *replications;
  return scenario;
}

models::RunOptions RunArguments::options(const models::Scenario& scenario, ProgressBar& bar) const {
  models::RunOptions options;
  options.seed = static_cast<std::uint64_t>(scenario.run.seed);
  options.replications = scenario.run.replications;
  options.threads = threads;
  options.progress = [&bar](double fraction) { bar.update(fraction); };
  options.cancel = &interrupted;
  options.processes = &processes();
  return options;
}

void RunArguments::refuse_silence(const std::string& output) const {
  if (quiet && output.empty()) {
    throw BadInput("-q without -o: this command would print nothing and write nothing; drop -q to see its table, or "
                   "give -o FILE to keep its results");
  }
}

void PosteriorArgument::declare(CLI::App& command) {
  command.add_option("--posterior", file,
                     "A calibration file (`emile calibrate -o`): each replication draws its parameters from its "
                     "posterior, so the bands hold parameter uncertainty")
      ->check(CLI::ExistingFile);
}

std::optional<models::Posterior> PosteriorArgument::load() const {
  if (file.empty()) return std::nullopt;
  try {
    return models::read_posterior(file);
  } catch (const sim::ResultsFileError& error) {
    throw BadInput(std::string("--posterior: ") + error.what());
  }
}

std::size_t display_width(const std::string& text) {
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;
  return characters;
}

std::string padded(const std::string& text, std::size_t width) {
  const std::size_t characters = display_width(text);
  return text + std::string(width > characters ? width - characters : 0, ' ');
}

std::string padded_left(const std::string& text, std::size_t width) {
  const std::size_t characters = display_width(text);
  return std::string(width > characters ? width - characters : 0, ' ') + text;
}

}  // namespace emile::cli
