#include "emile/sim/replication_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace emile::sim {
namespace {

std::runtime_error spool_error(const std::filesystem::path& directory, std::string_view what) {
  return std::runtime_error("temporary file in " + directory.string() + ": " + std::string(what) + ": " + std::strerror(errno));
}

// An unnamed file in `directory`: O_TMPFILE where the file system has it, else a named one removed at once.
int unnamed_file(const std::filesystem::path& directory) {
  const std::string folder = directory.empty() ? std::string(".") : directory.string();
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = folder + "/.emile-spool-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) throw spool_error(directory, "cannot create");
  ::unlink(name.c_str());
  return fd;
}

// Moves `size` bytes between `bytes` and the file at `offset` with `transfer` (pread or pwrite), which may move
// fewer at a time; retries after a signal. Throws naming `what` when the transfer fails or ends early.
template <class Transfer, class Bytes>
void transfer_all(Transfer transfer, int descriptor, Bytes* bytes, std::size_t size, off_t offset,
                  const std::filesystem::path& directory, std::string_view what) {
  while (size > 0) {
    const ssize_t moved = transfer(descriptor, bytes, size, offset);
    if (moved < 0 && errno == EINTR) continue;
    if (moved <= 0) throw spool_error(directory, what);
    bytes += moved;
    size -= static_cast<std::size_t>(moved);
    offset += moved;
  }
}

}  // namespace

ReplicationSpool::ReplicationSpool(const std::filesystem::path& directory, std::size_t replications,
                                   std::size_t values_per_replication)
    : directory_(directory),
      replications_(replications),
      values_(values_per_replication),
      group_(std::clamp<std::size_t>(group_bytes / (sizeof(std::int64_t) * std::max<std::size_t>(values_per_replication, 1)), 1,
                                     std::max<std::size_t>(replications, 1))),
      descriptor_(unnamed_file(directory)) {}

ReplicationSpool::~ReplicationSpool() { ::close(descriptor_); }

void ReplicationSpool::append(std::span<const std::int64_t> values) {
  if (appended_ >= replications_ || values.size() != values_) throw std::logic_error("spool: replication or size out of range");
  if (filling_.empty()) filling_.resize(values_ * group_);
  const std::size_t slot = appended_ % group_;
  for (std::size_t i = 0; i < values_; ++i) filling_[i * group_ + slot] = values[i];
  ++appended_;
  if (slot + 1 == group_ || appended_ == replications_) write_group();
}

void ReplicationSpool::write_group() {
  const std::size_t group = (appended_ - 1) / group_;
  const std::size_t size = filling_.size() * sizeof(std::int64_t);
  transfer_all(::pwrite, descriptor_, reinterpret_cast<const char*>(filling_.data()), size, static_cast<off_t>(group * size),
               directory_, "cannot write");
  std::fill(filling_.begin(), filling_.end(), 0);
}

std::vector<std::int64_t> ReplicationSpool::read(std::size_t first, std::size_t count) const {
  if (first + count > values_) throw std::logic_error("spool: positions out of range");
  if (appended_ != replications_) throw std::logic_error("spool: read before every replication is in");
  std::vector<std::int64_t> block(replications_ * count);
  std::vector<std::int64_t> part(count * group_);  // one group's values of the positions, position-major
  for (std::size_t group = 0; group * group_ < replications_; ++group) {
    transfer_all(::pread, descriptor_, reinterpret_cast<char*>(part.data()), part.size() * sizeof(std::int64_t),
                 static_cast<off_t>((group * values_ + first) * group_ * sizeof(std::int64_t)), directory_, "cannot read back");
    const std::size_t in_group = std::min(group_, replications_ - group * group_);
    for (std::size_t k = 0; k < in_group; ++k) {
      for (std::size_t i = 0; i < count; ++i) block[(group * group_ + k) * count + i] = part[i * group_ + k];
    }
  }
  return block;
}

}  // namespace emile::sim
