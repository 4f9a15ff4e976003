// This process alone (sim::this_process) and the sharing templates on it; the same templates over MPI ranks are
// tested by test_mpi_processes.cpp.
#include "emile/sim/processes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

using namespace emile::sim;

namespace {

// A result that travels as bytes: its index and a value computed from it.
struct Item {
  std::size_t index = 0;
  std::vector<double> values;
  void save(ArchiveWriter& out) const {
    out.value(index);
    out.values(values);
  }
  static Item restore(ArchiveReader& in) {
    Item item;
    item.index = in.value<std::size_t>();
    item.values = in.values<double>();
    return item;
  }
};

Item item_at(std::size_t i) { return {i, {static_cast<double>(i) * 0.5, 1.0 / static_cast<double>(i + 1)}}; }

}  // namespace

TEST(Processes, this_process_alone_leads) {
  const Processes& alone = this_process();
  EXPECT_EQ(alone.rank(), 0);
  EXPECT_EQ(alone.size(), 1);
  EXPECT_TRUE(alone.leads());
  EXPECT_TRUE(alone.alone());
}

TEST(Processes, share_with_leader_delivers_every_item_once_without_encoding_it) {
  for (int threads : {1, 3}) {
    std::mutex mutex;
    std::multiset<std::size_t> delivered;
    share_with_leader<Item>(this_process(), Executor(threads), 200, item_at, [&](std::size_t i, Item item) {
      EXPECT_EQ(item.index, i);
      const std::lock_guard lock(mutex);
      delivered.insert(i);
    });
    ASSERT_EQ(delivered.size(), 200u) << threads << " threads";
    for (std::size_t i = 0; i < 200; ++i) EXPECT_EQ(delivered.count(i), 1u) << i;
  }
}

TEST(Processes, share_with_everyone_returns_the_results_by_index_and_counts_each_done) {
  std::atomic<std::size_t> done{0};
  const auto results = share_with_everyone<std::vector<double>>(
      this_process(), Executor(2), 50, [](std::size_t i) { return item_at(i).values; }, [&](std::size_t) { ++done; });
  ASSERT_EQ(results.size(), 50u);
  for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i], item_at(i).values);
  EXPECT_EQ(done.load(), 50u);
}

TEST(Processes, an_item_that_throws_ends_the_sharing_with_its_exception) {
  std::atomic<std::size_t> started{0};
  EXPECT_THROW(share_with_everyone<std::vector<double>>(this_process(), Executor(1), 100,
                                                        [&](std::size_t i) {
                                                          ++started;
                                                          if (i == 10) throw std::domain_error("item 10");
                                                          return item_at(i).values;
                                                        }),
               std::domain_error);
  EXPECT_EQ(started.load(), 11u);  // one thread: no item after the one that threw
}

TEST(Processes, broadcast_values_leaves_a_lone_process_its_values) {
  std::vector<Item> items{item_at(1), item_at(2)};
  broadcast_values(this_process(), items);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].values, item_at(2).values);
}
