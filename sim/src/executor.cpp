#include "emile/sim/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <optional>
#include <stdexcept>
#include <string>

namespace emile::sim {

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
  arena_ = std::make_unique<Arena>(threads_);
}

Executor::~Executor() = default;

void Executor::for_ranges(std::size_t count, std::size_t grain,
                          const std::function<void(std::size_t, std::size_t)>& body) const {
  if (count == 0) return;
  // Always inside the arena, even with one thread: TBB work nested in `body` then stays within the limit.
  arena_->arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain == 0 ? 1 : grain),
                      [&](const tbb::blocked_range<std::size_t>& range) { body(range.begin(), range.end()); });
  });
}

}  // namespace emile::sim
