#pragma once
// A binary archive of an engine's state, and the file that holds one.
//
// An archive is a flat byte string: values of trivially copyable types in native byte order, arrays as a
// 64-bit count followed by their elements, and named tags that mark where each part begins. Reading follows
// the writing order; every read is bounds-checked, so a damaged or foreign archive throws ArchiveError naming
// the archive, the byte offset and what was expected there — it never reads past the end or allocates more
// than the archive can hold.
//
//   ArchiveWriter out;
//   out.tag("stock"); out.value(next_id); out.values(std::span(ids));
//   ArchiveReader in(out.bytes(), "state");
//   in.expect("stock"); auto next = in.value<std::uint32_t>(); auto ids = in.values<std::uint32_t>();
//
// The file (write_archive_file / read_archive_file) adds a header — the signature "EMILEARC", the format
// version, a kind such as "checkpoint", the payload's size and a 64-bit checksum of it — and is written
// atomically (see atomic_file.hpp). Reading checks all of these before the payload is trusted, so a truncated,
// corrupted or foreign file is refused with an error naming it. Archives are meant to be read back by the same
// emile version on the same kind of machine (native byte order, x86-64).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace emile::sim {

class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArchiveWriter {
 public:
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void value(const T& v) {
    append(&v, sizeof v);
  }
  template <class T>
    requires std::is_trivially_copyable_v<T>
  void values(std::span<const T> v) {
    value<std::uint64_t>(v.size());
    append(v.data(), v.size_bytes());
  }
  template <class T>
  void values(const std::vector<T>& v) {
    values(std::span<const T>(v));
  }
  void text(std::string_view s) { values(std::span<const char>(s.data(), s.size())); }
  /// Marks the start of a part; the reader's expect() checks it.
  void tag(std::string_view name) { text(name); }

  const std::vector<std::byte>& bytes() const& { return bytes_; }
  std::vector<std::byte> bytes() && { return std::move(bytes_); }

 private:
  void append(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::byte*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<std::byte> bytes_;
};

class ArchiveReader {
 public:
  /// Reads `bytes`, which must outlive the reader; `name` names the archive in errors (e.g. the file).
  ArchiveReader(std::span<const std::byte> bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}

  template <class T>
    requires std::is_trivially_copyable_v<T>
  T value() {
    T v;
    std::memcpy(&v, take(sizeof v, "a value"), sizeof v);
    return v;
  }
  /// An array of at most `max_count` elements (more is an error: a guard against absurd sizes).
  template <class T>
    requires std::is_trivially_copyable_v<T>
  std::vector<T> values(std::size_t max_count = SIZE_MAX) {
    const auto count = value<std::uint64_t>();
    if (count > max_count || count > (bytes_.size() - offset_) / sizeof(T))
      fail("an array of " + std::to_string(count) + " elements does not fit");
    std::vector<T> v(static_cast<std::size_t>(count));
    if (count > 0) std::memcpy(v.data(), take(v.size() * sizeof(T), "array elements"), v.size() * sizeof(T));
    return v;
  }
  std::string text() {
    const auto chars = values<char>();
    return std::string(chars.begin(), chars.end());
  }
  /// Checks that the next part is `name`.
  void expect(std::string_view name);
  /// Checks that the whole archive was read.
  void finish() const;
  /// Throws ArchiveError naming the archive and the current offset.
  [[noreturn]] void fail(const std::string& problem) const;
  /// Throws ArchiveError unless `condition` holds: for checks of values read (ids in range, …).
  void require(bool condition, const std::string& problem) const {
    if (!condition) fail(problem);
  }
  /// Throws ArchiveError unless every flag holds 0 or 1. The bools of a struct read with values<T> are copied byte
  /// for byte and may hold any byte, and reading a bool that holds neither is undefined behaviour: check them with
  /// this, which looks at their bytes, before anything reads them as bools.
  void require_flags(std::initializer_list<const bool*> flags, const std::string& problem) const {
    for (const bool* flag : flags) {
      unsigned char byte;
      std::memcpy(&byte, flag, 1);
      if (byte > 1) fail(problem);
    }
  }

 private:
  const std::byte* take(std::size_t size, const char* what);

  std::span<const std::byte> bytes_;
  std::string name_;
  std::size_t offset_ = 0;
};

/// Writes `payload` to `path` as an archive file of `kind`, atomically. Throws AtomicFileError.
void write_archive_file(const std::filesystem::path& path, std::string_view kind, std::span<const std::byte> payload);
/// Reads an archive file of `kind` and returns its payload, after checking signature, version, kind, size and
/// checksum. Throws ArchiveError naming the file.
std::vector<std::byte> read_archive_file(const std::filesystem::path& path, std::string_view kind);

}  // namespace emile::sim
