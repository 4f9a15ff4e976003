#pragma once
// The processes a command runs on: this process alone, or every rank of the MPI job that started it (mpirun,
// srun; emile built with EMILE_WITH_MPI). Every rank runs the same command on the same files; the work is shared
// out (sim/processes.hpp) and the leading rank alone writes files and speaks. The other ranks' standard output
// and error go nowhere, so that the job prints what one process would.
//
// How a job ends: when the command returns an exit code (0, or `check`'s 1 and `calibrate`'s 3), every rank
// returns it alike, waits for the others and finalises MPI; mpirun exits with it. When the command fails with an
// exception the ranks may be out of step: the leading rank prints the error as one process would and ends the
// whole job with its exit code (MPI_Abort); a failure on another rank reaches the leader with its exit code
// (sim::SharingFailed::kind), so the code does not depend on which rank failed first. A rank that fails alone
// outside the shared work (its own copy of a file unreadable, say) waits a few seconds for the leader to end the
// job, then prints its error itself and ends it.
#include "emile/sim/processes.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <string>

namespace emile::cli {

/// The processes of this command. Set once, by main's Job, before any command runs.
const sim::Processes& processes();
/// Whether this process writes files and prints: the leading rank, or a lone process.
inline bool leads() { return processes().leads(); }

class Job {
 public:
  /// Starts MPI when an MPI launcher started this process; `exit_code_of` says what exit code a failure has.
  /// Throws std::runtime_error when the launcher asks for several processes from an emile built without MPI
  /// (each would run the whole command).
  Job(int& argc, char**& argv, std::function<int(const std::exception_ptr&)> exit_code_of);
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  /// The exit code of a command that returned `code`: after success, the leader says how the work was shared
  /// (on stderr, unless `quiet`).
  int end(int code, bool quiet);
  /// The exit code of a command that failed with exit code `code` and `message` (printed as `emile: message`; an
  /// interruption prints interruption.hpp's line).
  int fail(int code, const std::string& message);

 private:

  struct Mpi;
  std::unique_ptr<Mpi> mpi_;
};

}  // namespace emile::cli
