// sim::MpiProcesses, run by ctest as `mpirun -n 3` (tests/CMakeLists.txt): every rank runs every test, as every
// rank runs every command, and each asserts what it must see. GoogleTest's own output comes from every rank.
#include "emile/sim/mpi_processes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace emile::sim;

namespace {

MpiProcesses* ranks = nullptr;  // set by main

std::vector<double> values_at(std::size_t i) { return {static_cast<double>(i), 1.0 / static_cast<double>(i + 1)}; }

}  // namespace

TEST(MpiProcesses, sees_the_ranks_of_the_job) {
  ASSERT_GE(ranks->size(), 2) << "run this test under mpirun -n 2 or more";
  EXPECT_EQ(ranks->leads(), ranks->rank() == 0);
  EXPECT_FALSE(ranks->alone());
}

TEST(MpiProcesses, every_item_reaches_the_leader_once_and_every_rank_runs_some) {
  const std::size_t count = 600;
  ranks->sum({1.0});  // the ranks start together
  const auto before = ranks->items_run();
  std::mutex mutex;
  std::multiset<std::size_t> delivered;
  share_with_leader<std::vector<double>>(*ranks, Executor(2), count,
                                         [](std::size_t i) {
                                           // Long enough that every rank asks for work before it is all given out.
                                           std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                           return values_at(i);
                                         },
                                         [&](std::size_t i, std::vector<double> values) {
                                           EXPECT_EQ(values, values_at(i));
                                           const std::lock_guard lock(mutex);
                                           delivered.insert(i);
                                         });
  if (!ranks->leads()) {
    EXPECT_TRUE(delivered.empty());
    return;
  }
  ASSERT_EQ(delivered.size(), count);
  for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(delivered.count(i), 1u) << i;
  const auto after = ranks->items_run();
  std::size_t total = 0;
  for (int rank = 0; rank < ranks->size(); ++rank) {
    const auto ran = after[static_cast<std::size_t>(rank)] - before[static_cast<std::size_t>(rank)];
    EXPECT_GT(ran, 0u) << "rank " << rank << " ran no item";
    total += ran;
  }
  EXPECT_EQ(total, count);
}

TEST(MpiProcesses, share_with_everyone_gives_every_rank_every_result_by_index) {
  std::atomic<std::size_t> done{0};
  const auto results = share_with_everyone<std::vector<double>>(*ranks, Executor(1), 97, values_at, [&](std::size_t) { ++done; });
  ASSERT_EQ(results.size(), 97u);
  for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i], values_at(i)) << i;
  EXPECT_EQ(done.load(), ranks->leads() ? 97u : 0u);
}

TEST(MpiProcesses, no_items_and_empty_results_travel) {
  EXPECT_TRUE((share_with_everyone<std::vector<double>>(*ranks, Executor(1), 0, values_at)).empty());
  const auto empty = share_with_everyone<std::vector<double>>(*ranks, Executor(1), 5, [](std::size_t) { return std::vector<double>{}; });
  EXPECT_EQ(empty, std::vector<std::vector<double>>(5));
}

TEST(MpiProcesses, few_items_go_to_every_rank_none_held_back) {
  // As many items as threads in all: no rank asks for more than its idle threads, so each runs its share.
  const std::size_t threads = 2, count = threads * static_cast<std::size_t>(ranks->size());
  ranks->sum({1.0});  // the ranks start together
  const auto before = ranks->items_run();
  share_with_everyone<std::vector<double>>(*ranks, Executor(static_cast<int>(threads)), count, [](std::size_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return values_at(i);
  });
  if (!ranks->leads()) return;
  const auto after = ranks->items_run();
  for (int rank = 0; rank < ranks->size(); ++rank) {
    const auto ran = after[static_cast<std::size_t>(rank)] - before[static_cast<std::size_t>(rank)];
    EXPECT_GE(ran, 1u) << "rank " << rank;
    EXPECT_LE(ran, threads + 1) << "rank " << rank;
  }
}

TEST(MpiProcesses, an_item_failing_on_a_follower_fails_the_sharing_on_every_rank_naming_it) {
  // Item 0 goes to whichever thread asks first; the failing item is one that only the last rank can run. The
  // failure's kind, as the failing rank classifies it, reaches every rank.
  ranks->classify([](const std::exception_ptr&) { return 7; });
  const int failing_rank = ranks->size() - 1;
  ranks->sum({1.0});  // the ranks start together
  try {
    share_with_everyone<std::vector<double>>(*ranks, Executor(1), 200, [&](std::size_t i) {
      if (ranks->rank() == failing_rank) throw std::domain_error("item " + std::to_string(i) + " cannot be run here");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return values_at(i);
    });
    ADD_FAILURE() << "the sharing did not fail";
  } catch (const SharingFailed& e) {
    const std::string expected = "process " + std::to_string(failing_rank) + " of " + std::to_string(ranks->size()) + " failed: item ";
    EXPECT_EQ(std::string(e.what()).rfind(expected, 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot be run here"), std::string::npos) << e.what();
    EXPECT_EQ(e.kind(), 7);
  }
  ranks->classify({});
  // The ranks are still in step: the next sharing works.
  EXPECT_EQ(share_with_everyone<std::vector<double>>(*ranks, Executor(1), 3, values_at).size(), 3u);
}

TEST(MpiProcesses, an_item_failing_on_the_leader_throws_its_own_exception_there) {
  try {
    share_with_everyone<std::vector<double>>(*ranks, Executor(1), 40, [&](std::size_t i) {
      if (ranks->leads()) throw std::domain_error("the leader's item " + std::to_string(i));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return values_at(i);
    });
    ADD_FAILURE() << "the sharing did not fail";
  } catch (const std::domain_error& e) {
    EXPECT_TRUE(ranks->leads()) << e.what();
  } catch (const SharingFailed& e) {
    EXPECT_FALSE(ranks->leads()) << e.what();
    EXPECT_NE(std::string(e.what()).find("the leader's item"), std::string::npos) << e.what();
  }
}

TEST(MpiProcesses, broadcast_gives_the_leaders_bytes_to_every_rank) {
  std::vector<std::vector<std::byte>> items;
  if (ranks->leads()) {
    items = {{std::byte{1}, std::byte{2}}, {}, std::vector<std::byte>(100'000, std::byte{7})};
  }
  ranks->broadcast(items);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0], (std::vector<std::byte>{std::byte{1}, std::byte{2}}));
  EXPECT_TRUE(items[1].empty());
  EXPECT_EQ(items[2], std::vector<std::byte>(100'000, std::byte{7}));
}

int main(int argc, char** argv) {
  auto processes = std::make_unique<MpiProcesses>(argc, argv);
  ranks = processes.get();
  ::testing::InitGoogleTest(&argc, argv);
  const int failed = RUN_ALL_TESTS();
  processes.reset();  // MPI_Finalize, on every rank
  return failed;
}
