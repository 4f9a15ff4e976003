#include "emile/sim/executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <stdexcept>
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
