#pragma once
// Reading a file a command was given as input (a scenario, a checkpoint, a results file, a communes table).
//
// An input must be a regular file. Anything else is refused before a byte is read: a directory, and also a
// FIFO, a socket or a device, which could block the reader forever (a FIFO without a writer) or never end
// (/dev/zero). The check cannot block: the file is opened with O_NONBLOCK and examined with fstat before it is
// read, so `emile resume some-fifo` is refused at once instead of waiting in open(2).
//
//   InputFile in("scenario.toml");        // throws InputFileError: "not found", "a directory, …", …
//   if (in.size() > limit) …               // the size when it was opened
//   std::string text = in.read_all();
//
// InputFileError's message is the problem alone ("not a regular file (a FIFO)"); callers put it after the file's
// name in their own error type (ScenarioError, ArchiveError, ResultsFileError), so that each command keeps one
// kind of error for one kind of file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

namespace emile::sim {

class InputFileError : public std::runtime_error {
 public:
  enum class Problem { missing, directory, not_regular, unreadable };
  InputFileError(Problem problem, const std::string& message) : std::runtime_error(message), problem_(problem) {}
  Problem problem() const noexcept { return problem_; }

 private:
  Problem problem_;
};

class InputFile {
 public:
  /// Opens `path` for reading. Throws InputFileError when it does not exist, cannot be opened, or is not a
  /// regular file (symbolic links are followed).
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// The size in bytes when the file was opened.
  std::uint64_t size() const noexcept { return size_; }

  /// Reads bytes from `offset` into `buffer`, all of them. Throws InputFileError if the file ends first or
  /// reading fails.
  void read_at(std::uint64_t offset, std::span<std::byte> buffer) const;

  /// The whole file (size() bytes). Throws InputFileError when it cannot be read or has changed size.
  std::string read_all() const;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace emile::sim
