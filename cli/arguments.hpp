#pragma once
// What the commands that run scenarios share: their common options, loading the scenario they name with
// those options applied.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/ensemble/posterior.hpp"
#include "emile/models/results/file_kinds.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/atomic_file.hpp"
#include "interruption.hpp"
#include "progress_bar.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::cli {

/// The command line that started this process, quoted for a POSIX shell (`emile run 'my scenario.toml' -r 20`):
/// the `invocation` every file written records. Set by main before any command runs.
extern std::string invocation;

/// Ends `command`'s --help with these example command lines (run from the repository's root).
void add_examples(CLI::App& command, std::initializer_list<const char*> lines);

/// `arguments` as one POSIX shell command line: each argument as it is when it needs no quoting, else
/// single-quoted. The program is named by its file name (`emile`), not the path it was started by.
std::string shell_command_line(int count, const char* const* arguments);

/// Input the user gave that cannot be used (exit code 2), other than a scenario error.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the results file at `path` holds (models::read_results_info); a file that is no complete emile results file
/// is bad input (BadInput, naming the file and what is wrong).
models::ResultsInfo results_info(const std::string& path);

/// `KEY=VALUE` texts as overrides, each named `option` in messages. Throws sim::ScenarioError for a text that is
/// not KEY=VALUE.
std::vector<sim::Override> parse_overrides(const std::vector<std::string>& texts, const std::string& option = "--set");

/// Options common to every command that runs a scenario.
struct RunArguments {
  std::optional<std::int64_t> seed;
  std::optional<std::int64_t> replications;
  int threads = 0;
  bool quiet = false;
  std::vector<std::string> overrides;
  std::vector<std::string> dated_changes;  ///< --set-from DATE:KEY=VALUE

  /// Declares --seed, -r/--replications, --threads, --set, --set-from and -q/--quiet on `command`.
  void declare(CLI::App& command, std::int64_t default_replications_hint = 0);
  /// Loads `path` with the --set overrides and `extra` ones, adds the --set-from changes and `extra_dated` ones
  /// (models::add_dated_change, named `dated_option` in messages), then applies --seed and -r. Throws
  /// sim::ScenarioError.
  models::Scenario load(const std::string& path, const std::vector<sim::Override>& extra = {},
                        const std::vector<std::string>& extra_dated = {},
                        const std::string& dated_option = "--set-from") const;
  /// Run options for `scenario`, reporting progress to `bar` and polling `interrupted`.
  models::RunOptions options(const models::Scenario& scenario, ProgressBar& bar) const;
  /// Refuses -q without an output file (BadInput): for a command whose printed table is its only output
  /// otherwise, -q would leave nothing at all.
  void refuse_silence(const std::string& output) const;
};

/// `--posterior FILE`: a calibration file (`emile calibrate -o`) each replication draws its parameters from.
struct PosteriorArgument {
  std::string file;

  void declare(CLI::App& command);
  /// The posterior, or none without --posterior. A file that holds none is bad input (BadInput: exit 2).
  std::optional<models::Posterior> load() const;
  /// `options` drawing from `posterior` when there is one.
  static void apply(models::RunOptions& options, const std::optional<models::Posterior>& posterior) {
    options.posterior = posterior ? &*posterior : nullptr;
  }
};

using sim::NamedPath;

/// The files a scenario reads: its own file and its communes file, if any.
std::vector<NamedPath> scenario_inputs(const models::Scenario& scenario, const std::string& role);

/// Refuses, before any work (BadInput: exit 2), an output that is one of the inputs or another output (see
/// sim::output_clash). Outputs with an empty path are not written and are skipped.
void refuse_clashes(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

/// The characters of UTF-8 `text` (its code points), the width it takes in a terminal for the names printed here.
std::size_t display_width(const std::string& text);
/// `text` padded with spaces to `width` characters (UTF-8 aware, so accented names line up): on the right, or
/// on the left (numbers).
std::string padded(const std::string& text, std::size_t width);
std::string padded_left(const std::string& text, std::size_t width);

}  // namespace emile::cli
