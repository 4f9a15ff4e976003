#pragma once
// The file a fuzzer writes each input to when the code under test reads files, not memory: one per process,
// `<name>-<pid><extension>` in the temporary folder (TMPDIR or /tmp), overwritten by each input and removed when
// the process exits normally.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace emile::fuzz {

struct ScratchFile {
  ScratchFile(const std::string& name, const std::string& extension)
      : path(std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + extension)) {}
  ~ScratchFile() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  const std::filesystem::path path;
};

}  // namespace emile::fuzz
