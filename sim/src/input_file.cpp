#include "emile/sim/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace emile::sim {
namespace {

const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a file of data";
}

}  // namespace

InputFile::InputFile(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It does not change how a regular
  // file is read.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    const int error = errno;
    if (error == ENOENT) throw InputFileError(InputFileError::Problem::missing, "not found");
    throw InputFileError(InputFileError::Problem::unreadable, std::string("cannot be opened: ") + std::strerror(error));
  }
  struct stat status {};
  if (::fstat(fd_, &status) != 0) {
    const int error = errno;
    ::close(fd_);
    throw InputFileError(InputFileError::Problem::unreadable, std::string("cannot be examined: ") + std::strerror(error));
  }
  if (!S_ISREG(status.st_mode)) {
    ::close(fd_);
    if (S_ISDIR(status.st_mode)) throw InputFileError(InputFileError::Problem::directory, "a directory, not a regular file");
    throw InputFileError(InputFileError::Problem::not_regular, std::string("not a regular file (") + kind_of(status.st_mode) + ")");
  }
  size_ = static_cast<std::uint64_t>(status.st_size);
}

InputFile::~InputFile() { ::close(fd_); }

void InputFile::read_at(std::uint64_t offset, std::span<std::byte> buffer) const {
  std::size_t done = 0;
  while (done < buffer.size()) {
    const ssize_t n = ::pread(fd_, buffer.data() + done, buffer.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputFileError(InputFileError::Problem::unreadable, std::string("cannot be read: ") + std::strerror(errno));
    if (n == 0) throw InputFileError(InputFileError::Problem::unreadable, "ends before its announced size (is it being written?)");
    done += static_cast<std::size_t>(n);
  }
}

std::string InputFile::read_all() const {
  std::string text(static_cast<std::size_t>(size_), '\0');
  read_at(0, std::as_writable_bytes(std::span(text)));
  return text;
}

}  // namespace emile::sim
