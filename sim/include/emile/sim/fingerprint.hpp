#pragma once
// FNV-1a, 64 bits: a stable fingerprint of bytes, the same on every run and machine — for keys derived from text
// (a random-stream entity from a code) and identities of inputs (a checkpoint's world). Not a defence against
// crafted input.
//
//   Fingerprint f;  f.add("15");  f.add(bytes);  std::uint64_t key = f.value();
#include <cstdint>
#include <string_view>

namespace emile::sim {

class Fingerprint {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ull;
    }
  }
  std::uint64_t value() const { return hash_; }

  /// The fingerprint of `text` alone.
  static std::uint64_t of(std::string_view text) {
    Fingerprint f;
    f.add(text);
    return f.value();
  }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace emile::sim
