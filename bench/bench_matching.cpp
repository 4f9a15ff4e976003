// The cost of one bipartite assignment (emile::models::assign) for each mechanism, on random instances:
// `left` households, `right` = 10 × left vacancies or dwellings, and 100 feasible pairs per household with
// independent uniform scores on both sides. Sizes: 50 × 500 (5k pairs), 200 × 2,000 (20k), 1,000 × 10,000 (100k).
#include "emile/models/foundations/matching.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

namespace models = emile::models;

// splitmix64: a fixed-seed generator, so every run benchmarks the same instances.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  /// Uniform in [0, n); the slight modulo bias does not matter for a benchmark.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// `per_left` distinct rights for every left item, scores uniform in (0, 1] on both sides.
std::vector<models::Candidate> random_instance(std::uint32_t left, std::uint32_t right, std::uint32_t per_left,
                                               std::uint64_t seed) {
  SplitMix64 random(seed);
  std::vector<models::Candidate> candidates;
  candidates.reserve(std::size_t{left} * per_left);
  std::vector<std::uint32_t> taken_by(right, UINT32_MAX);  // the last left item that drew each right item
  for (std::uint32_t l = 0; l < left; ++l) {
    for (std::uint32_t k = 0; k < per_left;) {
      const std::uint32_t r = random.below(right);
      if (taken_by[r] == l) continue;
      taken_by[r] = l;
      candidates.push_back({l, r, 1.0 - random.uniform(), 1.0 - random.uniform()});
      ++k;
    }
  }
  return candidates;
}

void BM_Assign(benchmark::State& state, models::MatchingMechanism mechanism) {
  const auto left = static_cast<std::uint32_t>(state.range(0));
  const auto right = static_cast<std::uint32_t>(state.range(1));
  const auto pairs = static_cast<std::uint32_t>(state.range(2));
  const auto candidates = random_instance(left, right, pairs / left, 0x454D494C45u + left);

  std::size_t assigned = 0;
  for (auto _ : state) {
    const models::Assignment result = models::assign(left, right, candidates, mechanism);
    assigned = 0;
    for (const auto r : result.right_of_left) assigned += r >= 0;
    benchmark::DoNotOptimize(result.total_score);
  }
  state.counters["candidates"] = static_cast<double>(candidates.size());
  state.counters["assigned"] = static_cast<double>(assigned);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(candidates.size()));
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"left", "right", "candidates"});
  b->Args({50, 500, 5'000});
  b->Args({200, 2'000, 20'000});
  b->Args({1'000, 10'000, 100'000});
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK_CAPTURE(BM_Assign, greedy, models::MatchingMechanism::greedy)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Assign, deferred_acceptance, models::MatchingMechanism::deferred_acceptance)->Apply(sizes);
BENCHMARK_CAPTURE(BM_Assign, optimal, models::MatchingMechanism::optimal)->Apply(sizes);

}  // namespace
