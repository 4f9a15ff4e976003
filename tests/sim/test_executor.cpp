#include "emile/sim/executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

using emile::sim::Executor;

TEST(Executor, visits_every_index_exactly_once) {
  for (int threads : {1, 2, 4}) {
    const Executor executor(threads);
    std::vector<std::atomic<int>> visits(10'000);
    executor.for_each(visits.size(), [&](std::size_t i) { visits[i].fetch_add(1); });
    for (const auto& v : visits) ASSERT_EQ(v.load(), 1) << "threads=" << threads;
  }
}

TEST(Executor, gives_the_same_per_index_results_for_any_thread_count) {
  auto run = [](int threads) {
    std::vector<double> out(5'000);
    Executor(threads).for_each(out.size(), [&](std::size_t i) { out[i] = static_cast<double>(i) * 0.5 + 1.0 / (i + 1); });
    return out;
  };
  EXPECT_EQ(run(1), run(2));
  EXPECT_EQ(run(1), run(3));
}

TEST(Executor, reports_its_thread_count) {
  EXPECT_EQ(Executor(3).threads(), 3);
  EXPECT_GE(Executor(0).threads(), 1);
  EXPECT_THROW(Executor(-1), std::invalid_argument);
}

TEST(Executor, rethrows_an_exception_from_the_work) {
  const Executor executor(2);
  EXPECT_THROW(executor.for_each(100, [](std::size_t i) {
    if (i == 42) throw std::runtime_error("boom");
  }),
               std::runtime_error);
}

TEST(Executor, does_nothing_for_an_empty_range) {
  int calls = 0;
  Executor(2).for_ranges(0, 1, [&](std::size_t, std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(Executor, in_order_starts_an_index_only_once_all_but_the_running_ones_below_it_are_done) {
  for (int threads : {1, 2, 4}) {
    const Executor executor(threads);
    std::vector<std::atomic<int>> visits(2'000);
    std::vector<std::atomic<bool>> finished(visits.size());
    std::atomic<std::size_t> worst{0};  // the most indices below one not finished when it started
    executor.for_each_in_order(visits.size(), [&](std::size_t i) {
      std::size_t unfinished = 0;
      for (std::size_t j = 0; j < i; ++j) unfinished += !finished[j].load();
      for (std::size_t seen = worst.load(); unfinished > seen && !worst.compare_exchange_weak(seen, unfinished);) {
      }
      visits[i].fetch_add(1);
      // Nested parallel work must not start another index on this thread meanwhile.
      executor.for_each(8, [](std::size_t) {});
      finished[i] = true;
    });
    for (const auto& v : visits) ASSERT_EQ(v.load(), 1) << "threads=" << threads;
    // Below an index, only those the other threads are running may be unfinished.
    EXPECT_LT(worst.load(), static_cast<std::size_t>(threads)) << "threads=" << threads;
  }
}

TEST(Executor, in_order_stops_taking_indices_once_the_work_throws) {
  // One worker: indices 0..10 run, 10 throws, nothing after it starts.
  std::atomic<std::size_t> calls{0};
  EXPECT_THROW(Executor(1).for_each_in_order(1'000,
                                             [&](std::size_t i) {
                                               ++calls;
                                               if (i == 10) throw std::runtime_error("boom");
                                             }),
               std::runtime_error);
  EXPECT_EQ(calls.load(), 11u);

  // Two workers: each index takes a millisecond, so while the throwing worker reaches its handler the other can
  // start only a few more; the bound holds unless that worker is descheduled for most of a second.
  calls = 0;
  EXPECT_THROW(Executor(2).for_each_in_order(10'000,
                                             [&](std::size_t i) {
                                               ++calls;
                                               if (i == 10) throw std::runtime_error("boom");
                                               std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                             }),
               std::runtime_error);
  EXPECT_LT(calls.load(), 1'000u);
}

TEST(Executor, for_each_taken_runs_what_take_gives_until_it_gives_none) {
  for (int threads : {1, 3}) {
    std::mutex mutex;
    std::size_t next = 0;
    std::vector<std::atomic<int>> visits(300);
    Executor(threads).for_each_taken(
        [&]() -> std::optional<std::size_t> {
          const std::lock_guard lock(mutex);
          if (next >= visits.size()) return std::nullopt;
          return next++;
        },
        [&](std::size_t i) { visits[i].fetch_add(1); });
    for (const auto& v : visits) ASSERT_EQ(v.load(), 1) << "threads=" << threads;
  }
}

TEST(Executor, a_body_that_throws_leaves_the_nested_work_of_the_others_whole) {
  // Body 0 throws while body 1 is in the middle of nested parallel work: that work must run to its end, not be
  // cancelled with the throwing body's task group (it would return early, as if done).
  const Executor executor(2);
  std::atomic<int> nested{0};
  std::atomic<bool> nesting{false};
  EXPECT_THROW(executor.for_each_in_order(2,
                                          [&](std::size_t i) {
                                            if (i == 0) {
                                              while (!nesting) std::this_thread::yield();
                                              throw std::runtime_error("body 0");
                                            }
                                            executor.for_each(200, [&](std::size_t) {
                                              nesting = true;
                                              std::this_thread::sleep_for(std::chrono::microseconds(500));
                                              ++nested;
                                            });
                                          }),
               std::runtime_error);
  EXPECT_EQ(nested.load(), 200);
}
