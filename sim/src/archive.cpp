#include "emile/sim/archive.hpp"

#include "emile/sim/atomic_file.hpp"
#include "emile/sim/input_file.hpp"

#include <array>
#include <bit>

namespace emile::sim {
namespace {

constexpr std::array<char, 8> signature = {'E', 'M', 'I', 'L', 'E', 'A', 'R', 'C'};
constexpr std::uint32_t format_version = 6;
constexpr std::size_t max_kind = 64;

// A 64-bit checksum of the payload, eight bytes at a time (the xxHash64 round): it catches truncation and
// damage, it is not cryptographic.
std::uint64_t checksum(std::span<const std::byte> bytes) {
  constexpr std::uint64_t prime1 = 0x9E3779B185EBCA87ULL, prime2 = 0xC2B2AE3D27D4EB4FULL;
  std::uint64_t h = prime1 ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = std::rotl(h ^ (word * prime2), 31) * prime1;
  }
  for (; i < bytes.size(); ++i) h = std::rotl(h ^ (static_cast<std::uint64_t>(bytes[i]) * prime2), 11) * prime1;
  return h ^ (h >> 29);
}

}  // namespace

void ArchiveReader::expect(std::string_view name) {
  const std::size_t at = offset_;
  std::string found;
  try {
    found = text();
  } catch (const ArchiveError&) {
    offset_ = at;
    fail("expected the part '" + std::string(name) + "'");
  }
  if (found != name) {
    offset_ = at;
    fail("expected the part '" + std::string(name) + "'");
  }
}

void ArchiveReader::finish() const {
  if (offset_ != bytes_.size()) fail(std::to_string(bytes_.size() - offset_) + " bytes left over after the end");
}

void ArchiveReader::fail(const std::string& problem) const {
  throw ArchiveError(name_ + ": damaged or incompatible at byte " + std::to_string(offset_) + ": " + problem);
}

const std::byte* ArchiveReader::take(std::size_t size, const char* what) {
  if (size > bytes_.size() - offset_) fail(std::string("ends before ") + what);
  const std::byte* p = bytes_.data() + offset_;
  offset_ += size;
  return p;
}

void write_archive_file(const std::filesystem::path& path, std::string_view kind, std::span<const std::byte> payload) {
  ArchiveWriter header;
  header.value(signature);
  header.value(format_version);
  header.text(kind);
  header.value<std::uint64_t>(payload.size());
  header.value(checksum(payload));
  AtomicFile out(path);
  out.write(header.bytes());
  out.write(payload);
  out.commit();
}

std::vector<std::byte> read_archive_file(const std::filesystem::path& path, std::string_view kind) {
  const std::string where = path.string();
  try {
    const InputFile in(path);
    const std::uint64_t size = in.size();
    const auto refuse = [&](const std::string& problem) -> std::vector<std::byte> {
      throw ArchiveError(where + ": not an emile " + std::string(kind) + " file (" + problem + ")");
    };

    std::vector<std::byte> head(std::min<std::uint64_t>(size, 8 + 4 + 8 + max_kind + 16));
    in.read_at(0, head);
    if (head.size() < signature.size() || std::memcmp(head.data(), signature.data(), signature.size()) != 0)
      return refuse("no emile archive signature");
    ArchiveReader header(head, where);
    header.value<std::array<char, 8>>();
    if (const auto version = header.value<std::uint32_t>(); version != format_version)
      return refuse("format version " + std::to_string(version) + ", this emile reads " + std::to_string(format_version));
    std::string found;
    std::uint64_t payload_size = 0, expected_checksum = 0;
    try {
      found = header.text();
      payload_size = header.value<std::uint64_t>();
      expected_checksum = header.value<std::uint64_t>();
    } catch (const ArchiveError&) {
      return refuse("truncated header");
    }
    if (found != kind) return refuse("it holds a " + found.substr(0, max_kind));
    const std::uint64_t header_size = 8 + 4 + 8 + found.size() + 16;
    if (size != header_size + payload_size)
      throw ArchiveError(where + ": truncated or damaged: " + std::to_string(size) + " bytes, the header announces " +
                         std::to_string(header_size + payload_size));

    std::vector<std::byte> payload(static_cast<std::size_t>(payload_size));
    in.read_at(header_size, payload);
    if (checksum(payload) != expected_checksum) throw ArchiveError(where + ": damaged: the checksum does not match");
    return payload;
  } catch (const InputFileError& e) {
    throw ArchiveError(where + ": " + e.what());
  }
}

}  // namespace emile::sim
