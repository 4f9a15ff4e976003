#pragma once
// The parallel executor: runs independent per-index work on a fixed number of threads (oneTBB underneath).
//
// Determinism contract: the executor decides *where* work runs, never *what* it computes. Callers give each
// index its own output slot and its own random streams, so results do not depend on the thread count or on
// scheduling order.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

namespace emile::sim {

class Executor {
 public:
  /// `threads` ≥ 1 uses exactly that many threads; 0 uses every core. Throws std::invalid_argument if < 0, and
  /// std::runtime_error when that many threads cannot be started (an address-space or thread limit), which TBB
  /// itself would answer by terminating the process.
  explicit Executor(int threads = 0);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  int threads() const { return threads_; }

  /// One executor of one thread for the whole process, made at first use: for code that runs in parallel when
  /// given an executor and in the calling thread otherwise.
  static const Executor& single_thread();

  /// Calls `body(begin, end)` over disjoint sub-ranges covering [0, count), possibly concurrently, and returns
  /// when all are done. Sub-ranges have at least `grain` indices where possible. Exceptions thrown by `body`
  /// are rethrown here (the first one; the rest of the work may be cancelled).
  void for_ranges(std::size_t count, std::size_t grain,
                  const std::function<void(std::size_t begin, std::size_t end)>& body) const;

  /// Calls `body(i)` for every i in [0, count), possibly concurrently.
  template <class Body>
  void for_each(std::size_t count, Body&& body) const {
    for_ranges(count, 1, [&body](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) body(i);
    });
  }

  /// Calls `body(i)` for every i in [0, count) on up to threads() threads, each taking the lowest index not yet
  /// taken: indices start in increasing order and at most threads() run at once, so a consumer that needs their
  /// outputs in index order holds back only those that finished early. Parallel work nested in `body` runs on
  /// the same threads but never starts another index meanwhile.
  void for_each_in_order(std::size_t count, const std::function<void(std::size_t)>& body) const;

  /// Calls `body(i)` for every index `take()` gives, on up to threads() threads, each calling take() again when
  /// its last body is done, until take() gives none. take() is called from several threads and may block until it
  /// knows the next index or that there is none. Once a body throws, no thread takes another index, the bodies
  /// under way finish (their nested parallel work is not cancelled), and the first exception is rethrown here.
  /// Nested parallel work as in for_each_in_order.
  void for_each_taken(const std::function<std::optional<std::size_t>()>& take,
                      const std::function<void(std::size_t)>& body) const;

 private:
  struct Arena;
  int threads_;
  std::unique_ptr<Arena> arena_;
};

}  // namespace emile::sim
