#include "emile/sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <set>

using emile::sim::EventQueue;
using emile::sim::ScheduledEvent;

TEST(EventQueue, returns_a_steps_events_in_id_order_whatever_the_scheduling_order) {
  EventQueue queue(10);
  queue.schedule(3, {7, 0});
  queue.schedule(3, {2, 1});
  queue.schedule(3, {2, 0});
  queue.schedule(4, {1, 0});
  const auto events = queue.take(3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], (ScheduledEvent{2, 0}));
  EXPECT_EQ(events[1], (ScheduledEvent{2, 1}));
  EXPECT_EQ(events[2], (ScheduledEvent{7, 0}));
  EXPECT_TRUE(queue.take(3).empty());
  EXPECT_EQ(queue.pending(4), 1u);
}

TEST(EventQueue, drops_events_after_the_run_and_refuses_negative_steps) {
  EventQueue queue(5);
  queue.schedule(5, {1, 0});
  queue.schedule(1000, {1, 0});
  EXPECT_TRUE(queue.take(5).empty());
  EXPECT_THROW(queue.schedule(-1, {1, 0}), std::out_of_range);
}

