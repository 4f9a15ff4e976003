#include "emile/sim/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {
namespace {

// TBB starts its worker threads from other threads and cannot report a failure to do so: when pthread_create
// fails (an address-space limit, a thread limit), it terminates the process. So before an arena of `threads` is
// made, as many threads as it will need besides the caller are started here, with TBB's stack size, held until
// all exist, then ended; a failure becomes an error the caller can report. Costs about 50 µs per thread.
void require_threads_can_start(int threads) {
  const int workers = threads - 1;
  if (workers <= 0) return;
  std::mutex mutex;
  std::condition_variable released;
  bool go = false;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, tbb::global_control::active_value(tbb::global_control::thread_stack_size));
  struct Hold {
    std::mutex* mutex;
    std::condition_variable* released;
    bool* go;
  } hold{&mutex, &released, &go};
  const auto wait = [](void* argument) -> void* {
    auto* h = static_cast<Hold*>(argument);
    std::unique_lock lock(*h->mutex);
    h->released->wait(lock, [h] { return *h->go; });
    return nullptr;
  };
  std::vector<pthread_t> started;
  int error = 0;
  for (int i = 0; i < workers && error == 0; ++i) {
    pthread_t thread;
    error = pthread_create(&thread, &attributes, wait, &hold);
    if (error == 0) started.push_back(thread);
  }
  pthread_attr_destroy(&attributes);
  {
    const std::lock_guard lock(mutex);
    go = true;
  }
  released.notify_all();
  for (const pthread_t thread : started) pthread_join(thread, nullptr);
  if (error != 0) {
    throw std::runtime_error("cannot start " + std::to_string(threads) + " threads (only " +
                             std::to_string(started.size() + 1) + " could be started: " + std::strerror(error) +
                             "); use fewer threads");
  }
}

}  // namespace

struct Executor::Arena {
  explicit Arena(int threads) : arena(threads) {
    // More threads than cores is allowed (useful to test determinism); lift TBB's worker limit to match.
    if (threads > tbb::info::default_concurrency()) {
      oversubscription.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    }
  }
  std::optional<tbb::global_control> oversubscription;
  tbb::task_arena arena;
};

Executor::Executor(int threads) {
  if (threads < 0) throw std::invalid_argument("threads must be ≥ 0 (0 = all cores), got " + std::to_string(threads));
  threads_ = threads == 0 ? tbb::info::default_concurrency() : threads;
  require_threads_can_start(threads_);
  arena_ = std::make_unique<Arena>(threads_);
}

Executor::~Executor() = default;

const Executor& Executor::single_thread() {
  static const Executor serial(1);
  return serial;
}

void Executor::for_ranges(std::size_t count, std::size_t grain,
                          const std::function<void(std::size_t, std::size_t)>& body) const {
  if (count == 0) return;
  // Always inside the arena, even with one thread: TBB work nested in `body` then stays within the limit.
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain == 0 ? 1 : grain),
                      [&](const tbb::blocked_range<std::size_t>& range) { body(range.begin(), range.end()); });
  });
}

void Executor::for_each_in_order(std::size_t count, const std::function<void(std::size_t)>& body) const {
  std::atomic<std::size_t> next{0};
  for_each_taken(
      [&]() -> std::optional<std::size_t> {
        const std::size_t i = next++;
        return i < count ? std::optional(i) : std::nullopt;
      },
      body);
}

void Executor::for_each_taken(const std::function<std::optional<std::size_t>()>& take,
                              const std::function<void(std::size_t)>& body) const {
  // A body's exception is kept, not thrown through TBB: TBB would cancel the whole task group, and with it the
  // parallel work nested in the bodies still running, which would return early as if done.
  std::atomic<bool> failed{false};  // once a body throws, no further index starts
  std::mutex mutex;
  std::exception_ptr first;
  for_ranges(static_cast<std::size_t>(threads_), 1, [&](std::size_t, std::size_t) {
    while (!failed) {
      const auto i = take();
      if (!i) return;
      try {
        // Isolated: a thread waiting for work nested in body(i) must not take another worker's loop meanwhile.
        tbb::this_task_arena::isolate([&] { body(*i); });
      } catch (...) {
        const std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
        failed = true;
      }
    }
  });
  if (first) std::rethrow_exception(first);
}

}  // namespace emile::sim
