// Tests for emile/models/pathway/household_queue.hpp: first come, first served; stale entries dropped; households
// not served keep their place.
#include "emile/models/pathway/household_queue.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace emile;
using models::HouseholdQueue;
using models::Stage;

// `count` households, all waiting in `stage`, queued in id order.
struct Waiting {
  Waiting(std::size_t count, Stage stage) : households(count), queue(stage) {
    for (std::uint32_t id = 0; id < count; ++id) {
      households[id].stage = stage;
      queue.join(id, households[id]);
    }
  }
  // Serves as the pathway does: the household leaves the queue's stage.
  void leave(std::uint32_t id, Stage to) {
    households[id].stage = to;
    households[id].queued = false;
  }
  std::vector<models::Household> households;
  HouseholdQueue queue;
};

}  // namespace

TEST(HouseholdQueue, flags_a_household_that_joins_as_queued) {
  std::vector<models::Household> households(1);
  households[0].stage = Stage::referred;
  HouseholdQueue queue(Stage::referred);
  EXPECT_FALSE(queue.waiting(households[0]));
  queue.join(0, households[0]);
  EXPECT_TRUE(households[0].queued);
  EXPECT_TRUE(queue.waiting(households[0]));
  EXPECT_EQ(queue.count_waiting(households), 1);
}

TEST(HouseholdQueue, serves_in_order_of_arrival_while_there_is_room) {
  Waiting w(5, Stage::referred);
  std::vector<std::uint32_t> served;
  w.queue.serve_while(w.households, [&] { return served.size() < 3; }, [&](std::uint32_t id) {
    served.push_back(id);
    w.leave(id, Stage::enrolled);
  });
  EXPECT_EQ(served, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(w.queue.count_waiting(w.households), 2);
  EXPECT_EQ(w.queue.entries(), (std::vector<std::uint32_t>{3, 4}));
}

TEST(HouseholdQueue, skips_households_that_stopped_waiting_without_using_room) {
  Waiting w(4, Stage::matched);
  w.leave(0, Stage::withdrawn);  // withdrew while waiting
  w.households[2].queued = false;
  EXPECT_EQ(w.queue.count_waiting(w.households), 2);
  std::vector<std::uint32_t> served;
  w.queue.serve_while(w.households, [&] { return served.size() < 1; }, [&](std::uint32_t id) {
    served.push_back(id);
    w.leave(id, Stage::moved);
  });
  EXPECT_EQ(served, (std::vector<std::uint32_t>{1}));
  w.queue.serve_while(w.households, [] { return true; }, [&](std::uint32_t id) {
    served.push_back(id);
    w.leave(id, Stage::moved);
  });
  EXPECT_EQ(served, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_TRUE(w.queue.entries().empty());
}

TEST(HouseholdQueue, serves_nobody_without_room) {
  Waiting w(3, Stage::proposed);
  bool called = false;
  w.queue.serve_while(w.households, [] { return false; }, [&](std::uint32_t) { called = true; });
  EXPECT_FALSE(called);
  EXPECT_EQ(w.queue.entries().size(), 3u);
}

TEST(HouseholdQueue, offers_each_household_once_and_keeps_the_order_of_those_not_served) {
  Waiting w(6, Stage::enrolled);
  w.leave(1, Stage::withdrawn);
  std::vector<std::uint32_t> offered;
  w.queue.offer_each(w.households, [&](std::uint32_t id) {
    offered.push_back(id);
    if (id % 2 == 0) return false;  // no territory can take it yet
    w.leave(id, Stage::proposed);
    return true;
  });
  EXPECT_EQ(offered, (std::vector<std::uint32_t>{0, 2, 3, 4, 5}));
  EXPECT_EQ(w.queue.entries(), (std::vector<std::uint32_t>{0, 2, 4}));
  EXPECT_EQ(w.queue.count_waiting(w.households), 3);
}

TEST(HouseholdQueue, is_rebuilt_from_its_entries) {
  Waiting w(3, Stage::referred);
  w.leave(1, Stage::withdrawn);
  const HouseholdQueue copy(w.queue.stage(), w.queue.entries());
  EXPECT_EQ(copy.stage(), Stage::referred);
  EXPECT_EQ(copy.entries(), w.queue.entries());
  EXPECT_EQ(copy.count_waiting(w.households), 2);
}
