#pragma once
// Counter-based random streams (Random123's Philox4x64-10).
//
// A stream is a pure function of *what is being decided*, never of which thread decides it or in which
// order: the same (seed, replication, purpose, entity, counter) always yields the same numbers.
//
// Key and counter layout (Philox4x64 has a 128-bit key and a 256-bit counter):
//   key[0]  = seed                          (64 bits: the run's seed)
//   key[1]  = replication << 32 | purpose   (32 bits each: replication index; what the draw decides)
//   ctr[0]  = entity                        (64 bits: household, dwelling, vacancy, territory… id)
//   ctr[1]  = counter                       (64 bits: the entity's own event counter, or the step)
//   ctr[2]  = block                         (64 bits: index of the 4-word block within this stream)
//   ctr[3]  = 0                             (reserved)
// Each block gives four 64-bit words; a stream may draw up to 2^64 blocks.
//
// Thread-safety: a RandomStream is a small value type; give each task its own.
#include <Random123/philox.h>

#include <cstdint>

namespace emile::sim {

/// What a draw decides. Part of the key, so two purposes never share numbers. Values are stable: they are
/// part of the results' reproducibility contract, so append new purposes, never renumber.
using Purpose = std::uint32_t;

/// Identifies a run's random numbers: a seed and a replication index.
struct StreamSeed {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
};

/// A sequence of random numbers keyed by (seed, replication, purpose, entity, counter).
class RandomStream {
 public:
  RandomStream(StreamSeed seed, Purpose purpose, std::uint64_t entity, std::uint64_t counter) noexcept
      : key_{{seed.seed, (std::uint64_t{seed.replication} << 32) | purpose}},
        counter_{{entity, counter, 0, 0}} {}

  /// The next 64 random bits.
  std::uint64_t bits() noexcept {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// A uniform double in the open interval (0, 1): the midpoint (j + 0.5)·2⁻⁵² of one of 2⁵² equal cells, j
  /// being the top 52 of the next 64 bits. Every value is exact, so the result lies in [2⁻⁵³, 1 − 2⁻⁵³],
  /// and 1 − u is exact and has the same distribution as u.
  double uniform() noexcept {
    // 52 bits, not 53: (j + 0.5) needs one bit more than j, and 53 + 1 would round (2⁵³ − 1) + 0.5 up to 2⁵³,
    // returning exactly 1.
    constexpr double two_to_minus_52 = 0x1p-52;
    return (static_cast<double>(bits() >> 12) + 0.5) * two_to_minus_52;
  }

 private:
  using Generator = r123::Philox4x64;

  void refill() noexcept {
    block_ = Generator{}(counter_, key_);
    ++counter_.v[2];
    used_ = 0;
  }

  Generator::key_type key_;
  Generator::ctr_type counter_;
  Generator::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace emile::sim
