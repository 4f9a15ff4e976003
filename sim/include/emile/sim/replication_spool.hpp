#pragma once
// Per-replication arrays kept on disk until every replication is in, then read back by position across
// replications: for statistics over replications (quantiles need every value of a position at once) with memory
// that does not grow with the number of replications.
//
// The spool is an unnamed temporary file in a given directory (Linux O_TMPFILE, or a file unlinked as soon as it
// is created), so it disappears when the spool is destroyed or the process ends, however it ends. Replications are
// appended in order and kept in groups: a group of G consecutive replications is stored position-major (the G
// values of position 0, then of position 1…), so that reading a block of positions for every replication takes one
// read per group, and memory holds one group while appending and one block while reading — both bounded by a byte
// budget, whatever the number of replications.
//
//   ReplicationSpool spool(output.parent_path(), replications, values_per_replication);
//   spool.append(values);                   // replication 0, 1, 2… in order
//   auto block = spool.read(first, count);  // after the last: block[r · count + i] = value first + i of replication r
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <vector>

namespace emile::sim {

class ReplicationSpool {
 public:
  /// About the memory a group takes while appending (at least one replication's values).
  static constexpr std::size_t group_bytes = 4u << 20;

  /// Creates the temporary in `directory`. Throws std::runtime_error naming the directory when it cannot.
  ReplicationSpool(const std::filesystem::path& directory, std::size_t replications, std::size_t values_per_replication);
  ~ReplicationSpool();
  ReplicationSpool(const ReplicationSpool&) = delete;
  ReplicationSpool& operator=(const ReplicationSpool&) = delete;

  std::size_t replications() const { return replications_; }
  std::size_t values_per_replication() const { return values_; }
  /// How many replications have been appended.
  std::size_t appended() const { return appended_; }

  /// Appends the next replication's values (exactly values_per_replication()). Throws std::logic_error past the
  /// last replication or for another count, std::runtime_error when the disk is full (naming the directory).
  void append(std::span<const std::int64_t> values);

  /// Values [first, first + count) of every replication, replication-major: result[r · count + i]. Only once every
  /// replication is appended (else std::logic_error).
  std::vector<std::int64_t> read(std::size_t first, std::size_t count) const;

 private:
  void write_group();  // the group being filled, to its place in the file

  std::filesystem::path directory_;
  std::size_t replications_;
  std::size_t values_;
  std::size_t group_;  // replications per group
  std::size_t appended_ = 0;
  std::vector<std::int64_t> filling_;  // the current group, position-major: [i · group_ + r mod group_]
  int descriptor_ = -1;
};

}  // namespace emile::sim
