// Tests for emile/sim/replication_spool.hpp: values put in any order come back by position across replications,
// and the spool leaves no file behind.
#include "emile/sim/replication_spool.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <numeric>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using emile::sim::ReplicationSpool;

fs::path fresh_folder() {
  const fs::path folder = fs::temp_directory_path() / ("emile-test-spool-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

}  // namespace

TEST(ReplicationSpool, gives_back_every_replications_values_by_position) {
  const fs::path folder = fresh_folder();
  {
    ReplicationSpool spool(folder, 3, 5);
    for (std::int64_t r = 0; r < 3; ++r) {
      std::vector<std::int64_t> values(5);
      std::iota(values.begin(), values.end(), 100 * r);
      spool.append(values);
    }
    EXPECT_EQ(spool.read(1, 2), (std::vector<std::int64_t>{1, 2, 101, 102, 201, 202}));
    EXPECT_EQ(spool.read(0, 5)[14], 204);
    EXPECT_THROW(spool.read(4, 2), std::logic_error);
    EXPECT_THROW(spool.append(std::vector<std::int64_t>(5)), std::logic_error) << "past the last replication";
    EXPECT_TRUE(fs::is_empty(folder)) << "the spool has no name in the folder";
  }
  EXPECT_TRUE(fs::is_empty(folder));
  fs::remove_all(folder);
}

TEST(ReplicationSpool, gives_back_the_same_values_across_groups_of_replications) {
  // Replications of 1.6 MB: two to a group, so five make three groups, the last one short.
  const std::size_t values = 200'000, replications = 5;
  ReplicationSpool spool(fs::temp_directory_path(), replications, values);
  const auto value = [](std::size_t r, std::size_t i) { return static_cast<std::int64_t>(r * 1'000'000 + i * 7); };
  for (std::size_t r = 0; r < replications; ++r) {
    EXPECT_THROW(spool.read(0, 1), std::logic_error) << "not every replication is in";
    std::vector<std::int64_t> v(values);
    for (std::size_t i = 0; i < values; ++i) v[i] = value(r, i);
    spool.append(v);
  }
  for (const auto [first, count] : {std::pair<std::size_t, std::size_t>{0, 3}, {123'456, 10}, {values - 4, 4}}) {
    const auto block = spool.read(first, count);
    ASSERT_EQ(block.size(), replications * count);
    for (std::size_t r = 0; r < replications; ++r) {
      for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(block[r * count + i], value(r, first + i)) << r << " " << first + i;
    }
  }
  EXPECT_THROW(spool.append(std::vector<std::int64_t>(values)), std::logic_error);
}

TEST(ReplicationSpool, refuses_a_folder_that_does_not_exist_naming_it) {
  try {
    ReplicationSpool spool("/nonexistent/emile-spool", 1, 1);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/emile-spool"), std::string::npos) << e.what();
  }
}
