#include "emile/sim/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace emile::sim {
namespace fs = std::filesystem;
namespace {

std::atomic<unsigned long long> temporary_counter{0};

// See temporaries_in_progress(). Counted before the temporary exists and uncounted after it is gone.
std::atomic<int> live_temporaries{0};
// See outputs_committed(). Counted after the rename, while the temporary is still counted as in progress.
std::atomic<int> committed_outputs{0};
static_assert(std::atomic<int>::is_always_lock_free, "read by signal handlers");

fs::path directory_of(const fs::path& target) { return target.parent_path().empty() ? fs::path(".") : target.parent_path(); }

// Best effort: makes a completed rename survive a power loss. Failure only weakens durability.
void sync_directory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The temporary of a writer: ".<target name>.tmp-<process id>-<counter>", beside the target.
fs::path temporary_name(const fs::path& directory, const fs::path& target) {
  return directory / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                      std::to_string(temporary_counter.fetch_add(1)));
}

// The process id in `name` if it is the name of a temporary of a writer of `target` (see temporary_name),
// else 0.
pid_t temporary_owner(std::string_view name, const fs::path& target) {
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  if (!name.starts_with(prefix)) return 0;
  const std::string_view rest = name.substr(prefix.size());
  const std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash + 1 == rest.size()) return 0;
  const std::string_view counter = rest.substr(dash + 1);
  if (!std::all_of(counter.begin(), counter.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + dash, pid);
  return error == std::errc{} && end == rest.data() + dash && pid > 0 ? pid : 0;
}

// Removes the temporaries that writers of `target` could not remove because they were killed (SIGKILL, a crash,
// a power cut): those whose process no longer exists on this machine and that no writer holds locked (writers
// lock their temporary, which also covers writers on other machines sharing the folder). Best effort: whatever
// fails is left in place.
void remove_stale_temporaries(const fs::path& directory, const fs::path& target) noexcept {
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const fs::path& path = it->path();
    const pid_t owner = temporary_owner(path.filename().string(), target);
    if (owner == 0 || owner == ::getpid()) continue;
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;  // the process runs (perhaps as another user)
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat status{};
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0)
      ::unlink(path.c_str());
    ::close(fd);
  }
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
  // Only a regular file (or a symbolic link, which is replaced) may be replaced: renaming over a device, a FIFO
  // or a socket would destroy it (as root, -o /dev/null would turn the device into a regular file).
  const fs::file_status existing = fs::symlink_status(target_, error);
  if (fs::exists(existing) && !fs::is_regular_file(existing) && !fs::is_symlink(existing)) {
    throw AtomicFileError(where + ": not a regular file (a device, FIFO or socket is never replaced)");
  }

  remove_stale_temporaries(directory, target_);
  const fs::path temporary = temporary_name(directory, target_);
  // O_EXCL: never overwrite a file that happens to carry the temporary's name.
  live_temporaries.fetch_add(1);
  fd_ = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    const int open_error = errno;
    live_temporaries.fetch_sub(1);
    throw AtomicFileError(where + ": cannot create the temporary file " + temporary.string() + ": " + std::strerror(open_error));
  }
  temporary_ = temporary;  // only now ours to remove
  // Held until the file is closed: tells remove_stale_temporaries() of other writers that it is in use.
  ::flock(fd_, LOCK_EX | LOCK_NB);
}

AtomicFile::~AtomicFile() {
  if (!committed_) abandon();
  live_temporaries.fetch_sub(1);
}

int temporaries_in_progress() noexcept { return live_temporaries.load(); }

int outputs_committed() noexcept { return committed_outputs.load(); }

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
  committed_outputs.fetch_add(1);
  sync_directory(directory_of(target_));
}

bool same_file(const fs::path& a, const fs::path& b) {
  struct stat first{}, second{};
  const bool a_exists = ::stat(a.c_str(), &first) == 0;
  const bool b_exists = ::stat(b.c_str(), &second) == 0;
  if (a_exists && b_exists) return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
  if (a_exists != b_exists) return false;
  std::error_code error;
  const fs::path left = fs::weakly_canonical(fs::absolute(a, error), error);
  const fs::path right = fs::weakly_canonical(fs::absolute(b, error), error);
  return left == right;
}

std::optional<std::string> output_clash(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs) {
  const auto named = [](const NamedPath& file) {
    return file.role.empty() ? file.path.string() : file.role + " " + file.path.string();
  };
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const auto& out = outputs[i];
    if (out.path.empty()) continue;
    for (const auto& in : inputs) {
      if (!in.path.empty() && same_file(out.path, in.path)) {
        return named(out) + ": is " + named(in) + "; an output never replaces an input";
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (!outputs[j].path.empty() && same_file(out.path, outputs[j].path)) {
        return named(out) + ": is also " + named(outputs[j]) + "; name another";
      }
    }
  }
  return std::nullopt;
}

}  // namespace emile::sim
