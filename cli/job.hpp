#pragma once
// The processes a command runs on: this process alone, or every rank of the MPI job that started it (mpirun,
// srun; emile built with EMILE_WITH_MPI). Every rank runs the same command on the same files; the work is shared
// out (sim/processes.hpp) and the leading rank alone writes files and speaks. The other ranks' standard output
// and error go nowhere, so that the job prints what one process would.
//
// How a job ends: with success, each rank finalises MPI and exits 0. With any other exit code, the leading rank
// prints the error as one process would and ends the whole job with that code (MPI_Abort), so that mpirun's exit
// code is emile's; a rank that fails alone (its own copy of a file unreadable, say) waits a few seconds for the
// leader to end the job, then prints its error itself and ends it.
#include "emile/sim/processes.hpp"

#include <memory>
#include <string>

namespace emile::cli {

/// The processes of this command. Set once, by main's Job, before any command runs.
const sim::Processes& processes();
/// Whether this process writes files and prints: the leading rank, or a lone process.
inline bool leads() { return processes().leads(); }

class Job {
 public:
  /// Starts MPI when an MPI launcher started this process. Throws std::runtime_error when the launcher asks for
  /// several processes from an emile built without MPI (each would run the whole command).
  Job(int& argc, char**& argv);
  ~Job();
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  /// The exit code of a command that ended with `code`: after success, the leader says how the work was shared
  /// (on stderr, unless `quiet`); otherwise see the file comment.
  int end(int code, bool quiet);
  /// The exit code of a command that failed with `message` (printed as `emile: message`).
  int fail(int code, const std::string& message);

 private:
  /// Ends every rank of the job with `code`, after the leader has said what it had to (see the file comment).
  [[noreturn]] void end_job(int code, const std::string& message);

  struct Mpi;
  std::unique_ptr<Mpi> mpi_;
};

}  // namespace emile::cli
