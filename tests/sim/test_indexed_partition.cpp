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
