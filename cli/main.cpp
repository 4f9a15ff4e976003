// emile — run, compare and inspect EMILE scenarios from the command line.
//
// Exit codes: 0 success; 2 bad input (arguments, scenario file, results file); 1 runtime failure (e.g. the
// results cannot be written), or for `check` a target outside its interval; 3 for `calibrate`, a generation below
// the minimum acceptance; 130 interrupted (SIGINT/SIGTERM). On bad input no results file is created.
#include "arguments.hpp"
#include "commands.hpp"
#include "interruption.hpp"
#include "job.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/sim/archive.hpp"
#include "emile/sim/parameters.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <vector>

namespace {

constexpr int exit_bad_input = 2;
constexpr int exit_failure = 1;

}  // namespace

int main(int argc, char** argv) {
  using namespace emile;
  std::optional<cli::Job> job;
  try {
    job.emplace(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emile: %s\n", e.what());
    return exit_bad_input;
  }
  CLI::App app{"emile — agent-based simulator of the EMILE relocation programme"};
  app.set_version_flag("--version", std::string("emile ") + EMILE_VERSION);
  app.require_subcommand(1);
  const std::vector<cli::Command> commands = {
      cli::add_run_command(app),  cli::add_resume_command(app),  cli::add_validate_command(app),   cli::add_info_command(app),
      cli::add_tables_command(app), cli::add_parameters_command(app), cli::add_compare_command(app), cli::add_sweep_command(app),
      cli::add_capacity_command(app), cli::add_sensitivity_command(app), cli::add_calibrate_command(app),
      cli::add_check_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return job->end(code == 0 ? 0 : exit_bad_input, true);
  }

  cli::invocation = cli::shell_command_line(argc, argv);
  cli::install_interruption_handlers();
  try {
    for (const auto& [command, action] : commands) {
      if (!*command) continue;
      const int code = action();
      const auto* quiet = command->get_option_no_throw("--quiet");
      return job->end(code, quiet && quiet->count() > 0);
    }
  } catch (const sim::ScenarioError& e) {
    return job->fail(exit_bad_input, e.what());
  } catch (const sim::ArchiveError& e) {  // a checkpoint that cannot be read, found while restoring it
    return job->fail(exit_bad_input, e.what());
  } catch (const cli::BadInput& e) {
    return job->fail(exit_bad_input, e.what());
  } catch (const models::Cancelled&) {
    std::fputs(cli::interrupted_message, stderr);
    return job->end(cli::exit_interrupted, true);
  } catch (const std::exception& e) {
    return job->fail(exit_failure, e.what());
  }
  return 0;
}
