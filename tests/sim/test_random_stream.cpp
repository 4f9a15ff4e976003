#include <emile/sim/random_stream.hpp>

#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

using emile::sim::Purpose;
using emile::sim::RandomStream;
using emile::sim::StreamSeed;

struct Key {
  std::uint64_t seed;
  std::uint32_t replication;
  Purpose purpose;
  std::uint64_t entity;
  std::uint64_t counter;
};

constexpr Key base_key{0x5eed'0000'0000'002aULL, 3, 7, 1001, 5};

RandomStream stream_for(const Key& key) {
  return RandomStream({.seed = key.seed, .replication = key.replication}, key.purpose, key.entity, key.counter);
}

std::vector<std::uint64_t> first_bits(const Key& key, std::size_t count) {
  RandomStream stream = stream_for(key);
  std::vector<std::uint64_t> words(count);
  for (auto& word : words) word = stream.bits();
  return words;
}

// Number of positions where two sequences hold the same word: 0 for unrelated 64-bit sequences, except with
// probability about count·2⁻⁶⁴.
std::size_t shared_positions(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t shared = 0;
  for (std::size_t i = 0; i < a.size(); ++i) shared += a[i] == b[i];
  return shared;
}

TEST(RandomStream, same_key_gives_the_same_sequence) {
  EXPECT_EQ(first_bits(base_key, 1000), first_bits(base_key, 1000));
}

TEST(RandomStream, a_copy_continues_with_the_same_numbers) {
  RandomStream original = stream_for(base_key);
  for (int i = 0; i < 6; ++i) original.bits();  // part-way through the second block
  RandomStream copy = original;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(copy.bits(), original.bits());
}

TEST(RandomStream, changing_any_part_of_the_key_changes_the_sequence) {
  const auto base = first_bits(base_key, 12);
  Key key = base_key;
  key.seed += 1;
  EXPECT_EQ(shared_positions(first_bits(key, 12), base), 0u) << "seed";
  key = base_key;
  key.replication += 1;
  EXPECT_EQ(shared_positions(first_bits(key, 12), base), 0u) << "replication";
  key = base_key;
  key.purpose += 1;
  EXPECT_EQ(shared_positions(first_bits(key, 12), base), 0u) << "purpose";
  key = base_key;
  key.entity += 1;
  EXPECT_EQ(shared_positions(first_bits(key, 12), base), 0u) << "entity";
  key = base_key;
  key.counter += 1;
  EXPECT_EQ(shared_positions(first_bits(key, 12), base), 0u) << "counter";
}

TEST(RandomStream, key_parts_do_not_alias_one_another) {
  // Swapping values between fields sharing a word, or between words, must not give the same stream.
  const auto replication_one = first_bits({1, 1, 0, 0, 0}, 12);
  EXPECT_EQ(shared_positions(replication_one, first_bits({1, 0, 1, 0, 0}, 12)), 0u);
  const auto entity_two = first_bits({1, 0, 0, 2, 9}, 12);
  EXPECT_EQ(shared_positions(entity_two, first_bits({1, 0, 0, 9, 2}, 12)), 0u);
  // The block index has a counter word of its own: counter 0's second block is not counter 1's first.
  const auto counter_zero = first_bits({1, 0, 0, 2, 0}, 8);
  const auto counter_one = first_bits({1, 0, 0, 2, 1}, 4);
  EXPECT_EQ(shared_positions(counter_one, std::vector(counter_zero.begin() + 4, counter_zero.end())), 0u);
}

TEST(RandomStream, philox_matches_the_random123_known_answer_vectors) {
  // From Random123's kat_vectors: philox4x64 with 10 rounds.
  using Philox = r123::Philox4x64;
  const Philox::ctr_type zero_counter{{0, 0, 0, 0}};
  const Philox::key_type zero_key{{0, 0}};
  const Philox::ctr_type zero_block = Philox{}(zero_counter, zero_key);
  EXPECT_EQ(zero_block.v[0], 0x16554d9eca36314cULL);
  EXPECT_EQ(zero_block.v[1], 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(zero_block.v[2], 0xd7e772cee186176bULL);
  EXPECT_EQ(zero_block.v[3], 0x7e68b68aec7ba23bULL);

  constexpr std::uint64_t ones = ~std::uint64_t{0};
  const Philox::ctr_type ones_counter{{ones, ones, ones, ones}};
  const Philox::key_type ones_key{{ones, ones}};
  const Philox::ctr_type ones_block = Philox{}(ones_counter, ones_key);
  EXPECT_EQ(ones_block.v[0], 0x87b092c3013fe90bULL);
  EXPECT_EQ(ones_block.v[1], 0x438c3c67be8d0224ULL);
  EXPECT_EQ(ones_block.v[2], 0x9cc7d7c69cd777b6ULL);
  EXPECT_EQ(ones_block.v[3], 0xa09caebf594f0ba0ULL);
}

TEST(RandomStream, bits_are_philox4x64_10_blocks_under_the_documented_key_layout) {
  using Philox = r123::Philox4x64;
  const Philox::key_type key{{base_key.seed, (std::uint64_t{base_key.replication} << 32) | base_key.purpose}};
  RandomStream stream = stream_for(base_key);
  for (std::uint64_t block = 0; block < 3; ++block) {
    const Philox::ctr_type counter{{base_key.entity, base_key.counter, block, 0}};
    const Philox::ctr_type expected = Philox{}(counter, key);
    for (int word = 0; word < 4; ++word) EXPECT_EQ(stream.bits(), expected.v[word]) << "block " << block;
  }
}

TEST(RandomStream, uniform_is_the_midpoint_of_the_cell_named_by_the_top_52_bits) {
  // The mapping is part of the reproducibility contract; its extreme cells must stay inside (0, 1).
  const auto midpoint = [](std::uint64_t bits) { return (static_cast<double>(bits >> 12) + 0.5) * 0x1p-52; };
  EXPECT_GT(midpoint(0), 0.0);
  EXPECT_LT(midpoint(~std::uint64_t{0}), 1.0);
  EXPECT_EQ(midpoint(~std::uint64_t{0}), 1.0 - 0x1p-53);

  RandomStream for_bits = stream_for(base_key);
  RandomStream for_uniforms = stream_for(base_key);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(for_uniforms.uniform(), midpoint(for_bits.bits()));
}

TEST(RandomStream, uniform_lies_in_the_open_unit_interval_with_mean_one_half_and_variance_one_twelfth) {
  constexpr std::size_t count = 1'000'000;
  RandomStream stream({.seed = 11, .replication = 0}, 1, 0, 0);
  double sum = 0.0;
  double sum_of_squared_deviations = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double u = stream.uniform();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_of_squared_deviations += (u - 0.5) * (u - 0.5);
  }
  const double n = static_cast<double>(count);
  // Tolerances are 5 standard errors. Mean: sqrt(σ²/n) with σ² = 1/12. Variance about the known mean: the
  // squared deviations have variance μ₄ − σ⁴ = 1/80 − 1/144.
  EXPECT_NEAR(sum / n, 0.5, 5.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(sum_of_squared_deviations / n, 1.0 / 12.0, 5.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
}

}  // namespace
