#include "emile/sim/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <utility>

namespace emile::sim {
namespace fs = std::filesystem;
namespace {

std::atomic<unsigned long long> temporary_counter{0};

fs::path directory_of(const fs::path& target) { return target.parent_path().empty() ? fs::path(".") : target.parent_path(); }

// Best effort: makes a completed rename survive a power loss. Failure only weakens durability.
void sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  const std::string where = target_.string();
  if (!target_.has_filename()) throw AtomicFileError(where + ": not a file name");
  const fs::path directory = directory_of(target_);
  std::error_code error;
  const fs::file_status directory_status = fs::status(directory, error);
  if (!fs::exists(directory_status)) throw AtomicFileError(where + ": the directory " + directory.string() + " does not exist");
  if (!fs::is_directory(directory_status)) throw AtomicFileError(where + ": " + directory.string() + " is not a directory");
  if (fs::is_directory(fs::status(target_, error))) throw AtomicFileError(where + ": is a directory");

  const fs::path temporary = directory / ("." + target_.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                                          std::to_string(temporary_counter.fetch_add(1)));
  // O_EXCL: never overwrite a file that happens to carry the temporary's name.
  fd_ = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) throw AtomicFileError(where + ": cannot create the temporary file " + temporary.string() + ": " + std::strerror(errno));
  temporary_ = temporary;  // only now ours to remove
}

AtomicFile::~AtomicFile() {
  if (!committed_) abandon();
}

void AtomicFile::abandon() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  std::error_code ignored;
  if (!temporary_.empty()) fs::remove(temporary_, ignored);
}

void AtomicFile::write(std::span<const std::byte> bytes) {
  if (fd_ < 0) throw AtomicFileError(target_.string() + ": already committed or abandoned");
  const auto* data = reinterpret_cast<const char*>(bytes.data());
  std::size_t size = bytes.size();
  while (size > 0) {
    const ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      abandon();
      throw AtomicFileError(target_.string() + ": writing " + temporary_.string() + " failed: " + std::strerror(error));
    }
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

void AtomicFile::commit() {
  const std::string where = target_.string();
  if (fd_ < 0) throw AtomicFileError(where + ": already committed or abandoned");
  const auto failure = [&](const char* what, int error) {
    abandon();
    throw AtomicFileError(where + ": " + what + " " + temporary_.string() + " failed: " + std::strerror(error));
  };
  // Without the sync, a crash soon after the rename could leave an empty or partial target behind.
  if (::fsync(fd_) != 0) failure("syncing", errno);
  // Some file systems (NFS) report a failed write only at close.
  if (::close(std::exchange(fd_, -1)) != 0) failure("closing", errno);
  std::error_code error;
  fs::rename(temporary_, target_, error);
  if (error) {
    abandon();
    throw AtomicFileError(where + ": renaming " + temporary_.string() + " over it failed: " + error.message());
  }
  committed_ = true;
  sync_directory(directory_of(target_));
}

}  // namespace emile::sim
