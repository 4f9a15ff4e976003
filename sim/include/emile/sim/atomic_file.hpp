#pragma once
// A file replaced all at once: the bytes go to a temporary beside the target, which is synced and renamed
// over the target only in commit(). A reader of the target sees what it held before or the complete new
// content, never part of it; a writer that fails, is destroyed uncommitted, or is killed leaves the target
// as it was. A killed process cannot remove its temporary (".<target name>.tmp-<pid>-<n>"): the next writer
// of the same target removes those whose process is gone and that no writer holds locked.
//
//   AtomicFile out("state.ckpt");   // checks the directory, creates the temporary
//   out.write(bytes);               // any number of times
//   out.commit();                   // fsync, rename, sync the directory
//
// Errors throw AtomicFileError naming the target and the operation that failed (e.g. a full disk while
// writing); the temporary is removed and the target left untouched.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

class AtomicFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How many AtomicFile temporaries this process holds now: counted from just before a temporary is created until
/// its AtomicFile is destroyed. Lock-free, so a signal handler may read it: when it is 0, the process may end at
/// once without leaving a temporary behind.
int temporaries_in_progress() noexcept;

/// How many AtomicFiles this process has renamed into place. Lock-free, for a signal handler too. It is counted
/// before the file's temporary stops counting in temporaries_in_progress(), so a handler that reads both never
/// sees a moment where a file was renamed but neither says so.
int outputs_committed() noexcept;

/// Whether two paths name the same file: for existing files, the same device and inode once symbolic links are
/// followed (so `x.h5`, `./x.h5`, a hard link and a link to it are one file); for paths that do not exist yet,
/// the same absolute path once `.`, `..` and the links of the existing part are resolved.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// A file a command reads or writes, with how the user named it (`the scenario`, `-o`, `--checkpoint`; empty:
/// named by its path alone).
struct NamedPath {
  std::string role;
  std::filesystem::path path;
};

/// Why an output may not be written: it is one of `inputs` or an earlier one of `outputs`, compared as files
/// (same_file), not as spellings (`-o s.toml: is the scenario s.toml; an output never replaces an input`);
/// nullopt when every output is distinct. Entries with an empty path are skipped.
std::optional<std::string> output_clash(const std::vector<NamedPath>& inputs, const std::vector<NamedPath>& outputs);

class AtomicFile {
 public:
  /// Creates the temporary. Throws AtomicFileError when `target` is a directory, its directory does not exist
  /// or the temporary cannot be created there (e.g. a read-only directory).
  explicit AtomicFile(std::filesystem::path target);
  /// Removes the temporary unless committed. Never throws.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::filesystem::path& target() const noexcept { return target_; }
  const std::filesystem::path& temporary() const noexcept { return temporary_; }

  /// Appends bytes to the temporary. Throws AtomicFileError (e.g. disk full, file-size limit).
  void write(std::span<const std::byte> bytes);
  /// Syncs the temporary and renames it over the target. Throws AtomicFileError; after a failure the target is
  /// unchanged and the temporary removed.
  void commit();

 private:
  void abandon() noexcept;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace emile::sim
