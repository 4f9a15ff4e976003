#include "emile/sim/indexed_partition.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using emile::sim::IndexedPartition;

TEST(IndexedPartition, moves_ids_between_classes) {
  IndexedPartition partition(100, 3);
  partition.assign(5, 0);
  partition.assign(9, 0);
  partition.assign(42, 1);
  partition.assign(9, 2);
  EXPECT_EQ(partition.size(0), 1u);
  EXPECT_EQ(partition.size(1), 1u);
  EXPECT_EQ(partition.size(2), 1u);
  EXPECT_EQ(partition.class_of(9), 2u);
  partition.remove(5);
  partition.remove(77);
  EXPECT_FALSE(partition.contains(5));
  EXPECT_EQ(partition.size(0), 0u);
  EXPECT_THROW(partition.assign(100, 0), std::out_of_range);
  EXPECT_THROW(partition.class_of(5), std::out_of_range);
}

TEST(IndexedPartition, matches_a_reference_under_many_random_operations) {
  IndexedPartition partition(1000, 4);
  std::map<std::uint32_t, std::size_t> reference;
  std::uint64_t x = 12345;
  for (int i = 0; i < 50000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto id = static_cast<std::uint32_t>((x >> 33) % 1000);
    const std::size_t cls = (x >> 20) % 5;
    if (cls == 4) {
      partition.remove(id);
      reference.erase(id);
    } else {
      partition.assign(id, cls);
      reference[id] = cls;
    }
  }
  std::size_t total = 0;
  for (std::size_t cls = 0; cls < 4; ++cls) {
    total += partition.size(cls);
    for (std::uint32_t id : partition.members(cls)) EXPECT_EQ(reference.at(id), cls);
  }
  EXPECT_EQ(total, reference.size());
}

TEST(IndexedPartition, grows_keeping_classes) {
  IndexedPartition partition(2, 2);
  partition.assign(1, 1);
  partition.grow(10);
  partition.assign(9, 0);
  EXPECT_EQ(partition.class_of(1), 1u);
  EXPECT_EQ(partition.capacity(), 10u);
}

TEST(IndexedPartition, built_in_bulk_equals_assigned_one_by_one) {
  const std::vector<std::uint8_t> classes{2, 0, 1, 2, 2, 0, 1, 1, 0, 2};
  const IndexedPartition bulk(classes, 3);
  IndexedPartition one_by_one(classes.size(), 3);
  for (std::uint32_t id = 0; id < classes.size(); ++id) one_by_one.assign(id, classes[id]);
  for (std::size_t cls = 0; cls < 3; ++cls) EXPECT_EQ(bulk.members(cls), one_by_one.members(cls));
  for (std::uint32_t id = 0; id < classes.size(); ++id) EXPECT_EQ(bulk.class_of(id), classes[id]);
  EXPECT_THROW(IndexedPartition(std::vector<std::uint8_t>{0, 3}, 3), std::out_of_range);
}

TEST(IndexedPartition, moves_a_member_picked_by_position) {
  IndexedPartition partition(6, 2);
  for (std::uint32_t id = 0; id < 5; ++id) partition.assign(id, 0);
  EXPECT_EQ(partition.move_member(0, 1, 1), 1u);  // the member at position 1 is id 1
  EXPECT_EQ(partition.class_of(1), 1u);
  EXPECT_EQ(partition.members(0), (std::vector<std::uint32_t>{0, 4, 2, 3}));  // the last took its place
  EXPECT_EQ(partition.members(1), (std::vector<std::uint32_t>{1}));
  partition.remove(4);
  EXPECT_EQ(partition.members(0), (std::vector<std::uint32_t>{0, 3, 2}));
  EXPECT_EQ(partition.class_of(3), 0u);
  EXPECT_THROW(partition.move_member(0, 3, 1), std::out_of_range);
}

// A copy (a replication's copy of its world's stock) holds the same members and keeps the spare room of each
// class, so that its first moves into a large class do not reallocate it.
TEST(IndexedPartition, a_copy_keeps_members_and_spare_room) {
  std::vector<std::uint8_t> classes(1000);
  for (std::size_t i = 0; i < classes.size(); ++i) classes[i] = static_cast<std::uint8_t>(i % 3);
  const IndexedPartition original(classes, 3);
  IndexedPartition copy(original);
  for (std::size_t cls = 0; cls < 3; ++cls) {
    EXPECT_EQ(copy.members(cls), original.members(cls));
    EXPECT_GT(copy.members(cls).capacity(), copy.size(cls));
    EXPECT_EQ(copy.members(cls).capacity(), original.members(cls).capacity());
  }
  const auto* before = copy.members(1).data();
  copy.move_member(0, 0, 1);
  EXPECT_EQ(copy.members(1).data(), before);  // moved into its spare room, not reallocated
  EXPECT_EQ(original.size(1), 333u);          // the original is untouched
}
