#include "interruption.hpp"

#include "emile/sim/atomic_file.hpp"

#include <signal.h>
#include <unistd.h>

namespace emile::cli {

std::atomic<bool> interrupted{false};

namespace {

static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

extern "C" void on_signal(int) {
  interrupted.store(true);
  if (sim::temporaries_in_progress() == 0 && sim::outputs_committed() == 0) {
    // write(2) and _exit(2) are async-signal-safe; no temporary exists, so nothing needs removing, and nothing
    // was written yet, so "no results written" holds.
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, interrupted_message, sizeof interrupted_message - 1);
    ::_exit(exit_interrupted);
  }
}

}  // namespace

void install_interruption_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR rather than resuming
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace emile::cli
