#pragma once
// Ctrl-C (SIGINT) and SIGTERM, in every phase of a command.
//
// A signal ends the process at once, with exit 130 and the one line `emile: interrupted; no results written`,
// unless the process is writing a file at that moment (sim::temporaries_in_progress() > 0) or has written one
// (sim::outputs_committed() > 0: a checkpoint, or the results themselves). Reading,
// validating, building the world and running hold nothing that needs releasing, and they spend their time in
// calls that never look at a flag (toml++'s parser, HDF5, a long validation, the world's construction): ending
// at once is what stops each of them promptly. Checkpoints already saved are complete files and stay.
//
// While a file is being written, or once one has been, a signal only sets `interrupted`: results writers check it
// before renaming their temporary into place (models::commit_unless_cancelled) and throw models::Cancelled, runs
// check it between steps (a run that saved a checkpoint stops at the next step), so exit 130 always means that
// the output path was left as it was and no temporary remains. A signal that arrives once the results are
// renamed into place changes nothing: nothing polls the flag after that, and the command ends normally.
//
// The handlers are installed with sigaction, without SA_RESTART.
#include <atomic>

namespace emile::cli {

/// The exit code of an interrupted command, and what it prints on stderr.
inline constexpr int exit_interrupted = 130;
inline constexpr char interrupted_message[] = "\nemile: interrupted; no results written\n";

/// Set by SIGINT and SIGTERM; runs and results writers poll it.
extern std::atomic<bool> interrupted;

/// Installs the handlers of SIGINT and SIGTERM. Called once, by main, before any command runs.
void install_interruption_handlers();

}  // namespace emile::cli
