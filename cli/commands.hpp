#pragma once
// The `emile` subcommands. Each `add_*` declares its subcommand on `app` and returns the action that runs it
// once the command line is parsed; the action returns the exit code and may throw sim::ScenarioError,
// BadInput or sim::ArchiveError (exit 2), models::Cancelled (130) or another exception (1).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <utility>

namespace emile::cli {

/// `emile calibrate`: a generation accepted less than --min-acceptance (the generations kept are written).
inline constexpr int exit_low_acceptance = 3;
/// `emile check`: a target's observed value lies outside its predictive interval.
inline constexpr int exit_targets_missed = 1;
/// `emile check`: replications when -r is not given (run.replications is not read: one is too few for an interval).
inline constexpr std::int64_t default_check_replications = 200;

using Action = std::function<int()>;
using Command = std::pair<CLI::App*, Action>;

Command add_run_command(CLI::App& app);
Command add_resume_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_info_command(CLI::App& app);
Command add_tables_command(CLI::App& app);
Command add_parameters_command(CLI::App& app);
Command add_compare_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_capacity_command(CLI::App& app);
Command add_sensitivity_command(CLI::App& app);
Command add_calibrate_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_report_command(CLI::App& app);

}  // namespace emile::cli
