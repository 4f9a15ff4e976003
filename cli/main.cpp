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
#include <exception>
#include <optional>
#include <vector>

namespace {

constexpr int exit_bad_input = 2;
constexpr int exit_failure = 1;

// The exit code of a command that failed with `error`. Under several processes, a failure on another rank arrives
// as sim::SharingFailed carrying the code it had there.
int exit_code_of(const std::exception_ptr& error) {
  using namespace emile;
  try {
    std::rethrow_exception(error);
  } catch (const sim::SharingFailed& e) {
    return e.kind() != 0 ? e.kind() : exit_failure;
  } catch (const sim::ScenarioError&) {
    return exit_bad_input;
  } catch (const sim::ArchiveError&) {  // a checkpoint that cannot be read, found while restoring it
    return exit_bad_input;
  } catch (const cli::BadInput&) {
    return exit_bad_input;
  } catch (const models::Cancelled&) {
    return cli::exit_interrupted;
  } catch (...) {
    return exit_failure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace emile;
  std::optional<cli::Job> job;
  try {
    job.emplace(argc, argv, exit_code_of);
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
      cli::add_check_command(app),      cli::add_report_command(app),
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
  } catch (const std::exception& e) {
    return job->fail(exit_code_of(std::current_exception()), e.what());
  }
  return 0;
}
