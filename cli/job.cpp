#include "job.hpp"

#include "interruption.hpp"
#include "emile/models/ensemble/ensemble.hpp"

#ifdef EMILE_WITH_MPI
#include "emile/sim/mpi_processes.hpp"
#endif

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace emile::cli {
namespace {

const sim::Processes* current = &sim::this_process();

// What a command that failed prints, on stderr.
void say(int code, const std::string& message) {
  if (code == exit_interrupted) {
    std::fputs(interrupted_message, stderr);
  } else {
    std::fprintf(stderr, "emile: %s\n", message.c_str());
  }
}

}  // namespace

const sim::Processes& processes() { return *current; }

#ifdef EMILE_WITH_MPI

namespace {

// How long a rank that failed waits for the leader to end the job before ending it itself: the leader of a job
// whose ranks all failed alike needs a moment to print its message.
constexpr auto leader_grace = std::chrono::seconds(10);

}  // namespace

struct Job::Mpi {
  Mpi(int& argc, char**& argv, std::function<int(const std::exception_ptr&)> exit_code_of) : processes(argc, argv) {
    processes.watch([] {
      if (interrupted) throw models::Cancelled();
    });
    processes.classify(std::move(exit_code_of));
    if (processes.leads()) return;
    // Only the leader speaks; the others keep their error stream for a failure of their own.
    own_stderr = ::dup(STDERR_FILENO);
    const int nowhere = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    std::fflush(nullptr);
    ::dup2(nowhere, STDOUT_FILENO);
    ::dup2(nowhere, STDERR_FILENO);
    ::close(nowhere);
  }
  sim::MpiProcesses processes;
  int own_stderr = -1;
};

Job::Job(int& argc, char**& argv, std::function<int(const std::exception_ptr&)> exit_code_of) {
  if (!sim::MpiProcesses::launched()) return;
  mpi_ = std::make_unique<Mpi>(argc, argv, std::move(exit_code_of));
  current = &mpi_->processes;
}

int Job::end(int code, bool quiet) {
  if (!mpi_ || mpi_->processes.alone() || code != 0 || quiet || !leads()) return code;
  const auto items = mpi_->processes.items_run();
  std::string shares;
  for (std::size_t rank = 0; rank < items.size(); ++rank) shares += (rank ? ", " : "") + std::to_string(items[rank]);
  std::fprintf(stderr, "emile: %d processes shared the work; items run by rank: %s\n", mpi_->processes.size(),
               shares.c_str());
  return code;
}

int Job::fail(int code, const std::string& message) {
  if (!mpi_ || leads()) say(code, message);
  if (!mpi_ || mpi_->processes.alone()) return code;
  std::fflush(nullptr);
  if (!leads()) {
    // The leader ends the job once it has printed what it has to say; this rank ends it only if the leader does
    // not (a failure of this rank alone), saying why.
    std::this_thread::sleep_for(leader_grace);
    const std::string line = "emile: process " + std::to_string(mpi_->processes.rank()) + " of " +
                             std::to_string(mpi_->processes.size()) + " ended with exit code " + std::to_string(code) +
                             ": " + message + "\n";
    [[maybe_unused]] const auto written = ::write(mpi_->own_stderr, line.data(), line.size());
  }
  mpi_->processes.abort(code);
}

#else

struct Job::Mpi {};

namespace {

// How many processes an MPI launcher started, when one did (its environment says so), else 1.
int launched_processes() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* value = std::getenv(variable)) return std::atoi(value);
  }
  return 1;
}

}  // namespace

Job::Job(int&, char**&, std::function<int(const std::exception_ptr&)>) {
  if (launched_processes() > 1) {
    throw std::runtime_error("this emile was built without MPI (EMILE_WITH_MPI=OFF): started as " +
                             std::to_string(launched_processes()) +
                             " processes, each would run the whole command; run it without mpirun or srun");
  }
}

int Job::end(int code, bool) { return code; }

int Job::fail(int code, const std::string& message) {
  say(code, message);
  return code;
}

#endif

Job::~Job() { current = &sim::this_process(); }

}  // namespace emile::cli
