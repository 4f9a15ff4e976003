// Tests for emile/models/foundations/matching.hpp: invariants on random instances, exactness against brute force and an
// independent Hungarian algorithm, stability of deferred acceptance, hand-made cases and input errors.
#include "emile/models/foundations/matching.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace emile::models {
namespace {

constexpr MatchingMechanism all_mechanisms[] = {MatchingMechanism::greedy, MatchingMechanism::deferred_acceptance,
                                                MatchingMechanism::optimal};

// A small fixed-seed generator, so instances are the same on every platform and library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // in [0, 1)
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

struct Instance {
  std::size_t left_count = 0;
  std::size_t right_count = 0;
  std::vector<Candidate> candidates;
};

enum class Scores {
  continuous,  // uniform in [−2, 8): distinct, some pairs negative
  tied,        // small integers in [−1, 3]: many ties, some pairs ≤ 0
  correlated,  // every left likes the same rights: strong competition
};

// Each (left, right) pair is listed with probability `density`, in a scrambled order.
Instance random_instance(SplitMix64& rng, std::size_t left_count, std::size_t right_count, double density,
                         Scores scores) {
  Instance instance{left_count, right_count, {}};
  std::vector<double> appeal(right_count);
  for (double& a : appeal) a = 6.0 * rng.uniform();
  auto score = [&](std::uint32_t right) {
    switch (scores) {
      case Scores::continuous: return -2.0 + 10.0 * rng.uniform();
      case Scores::tied: return static_cast<double>(rng.below(5)) - 1.0;
      case Scores::correlated: return appeal[right] + 2.0 * rng.uniform() - 1.0;
    }
    return 0.0;
  };
  for (std::uint32_t l = 0; l < left_count; ++l) {
    for (std::uint32_t r = 0; r < right_count; ++r) {
      if (rng.uniform() >= density) continue;
      const double left_score = score(r);
      const double right_score = score(r);
      instance.candidates.push_back({l, r, left_score, right_score});
    }
  }
  for (std::size_t i = instance.candidates.size(); i > 1; --i) {
    std::swap(instance.candidates[i - 1], instance.candidates[rng.below(static_cast<std::uint32_t>(i))]);
  }
  return instance;
}

// A spread of instances: sizes 0–12 on each side, densities from sparse to complete, every score kind.
std::vector<Instance> small_instances(std::uint64_t seed, std::size_t count, std::size_t max_side) {
  SplitMix64 rng(seed);
  std::vector<Instance> instances;
  const Scores kinds[] = {Scores::continuous, Scores::tied, Scores::correlated};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t left_count = rng.below(static_cast<std::uint32_t>(max_side + 1));
    const std::size_t right_count = rng.below(static_cast<std::uint32_t>(max_side + 1));
    const double density = 0.1 + 0.9 * rng.uniform();
    instances.push_back(random_instance(rng, left_count, right_count, density, kinds[i % 3]));
  }
  return instances;
}

// Larger instances, where the optimal solver's sparsification needs several rounds.
std::vector<Instance> medium_instances(std::uint64_t seed, std::size_t count) {
  SplitMix64 rng(seed);
  std::vector<Instance> instances;
  const Scores kinds[] = {Scores::continuous, Scores::tied, Scores::correlated};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t left_count = 10 + rng.below(50);
    const std::size_t right_count = 10 + rng.below(70);
    const double density = 0.02 + 0.5 * rng.uniform();
    instances.push_back(random_instance(rng, left_count, right_count, density, kinds[i % 3]));
  }
  return instances;
}

double combined(const Candidate& c) { return c.left_score + c.right_score; }

const Candidate* find_pair(const std::vector<Candidate>& candidates, std::int64_t left, std::int64_t right) {
  for (const Candidate& c : candidates) {
    if (c.left == left && c.right == right) return &c;
  }
  return nullptr;
}

// Σ combined score over assigned pairs, in increasing left index, as the header documents.
double recomputed_total(const Assignment& a, const std::vector<Candidate>& candidates) {
  double total = 0.0;
  for (std::size_t l = 0; l < a.right_of_left.size(); ++l) {
    if (a.right_of_left[l] < 0) continue;
    const Candidate* c = find_pair(candidates, static_cast<std::int64_t>(l), a.right_of_left[l]);
    if (c != nullptr) total += combined(*c);
  }
  return total;
}

// Brute force: the largest Σ combined score over all matchings (no pair forced, any pair allowed).
double brute_force_maximum(const Instance& instance) {
  std::vector<std::vector<const Candidate*>> of_left(instance.left_count);
  for (const Candidate& c : instance.candidates) of_left[c.left].push_back(&c);
  std::vector<bool> used(instance.right_count, false);
  std::function<double(std::size_t)> best_from = [&](std::size_t l) -> double {
    if (l == instance.left_count) return 0.0;
    double best = best_from(l + 1);  // l unassigned
    for (const Candidate* c : of_left[l]) {
      if (used[c->right]) continue;
      used[c->right] = true;
      best = std::max(best, combined(*c) + best_from(l + 1));
      used[c->right] = false;
    }
    return best;
  };
  return best_from(0);
}

// Independent exact check for larger instances: the Hungarian algorithm (potentials form, O(n^3)) on the
// square n × n profit matrix, n = max(left_count, right_count), profit max(0, combined score) for listed
// pairs and 0 otherwise (a zero-profit pair stands for "unassigned").
double hungarian_maximum(const Instance& instance) {
  const std::size_t n = std::max(instance.left_count, instance.right_count);
  if (n == 0) return 0.0;
  std::vector<std::vector<double>> cost(n + 1, std::vector<double>(n + 1, 0.0));
  for (const Candidate& c : instance.candidates) cost[c.left + 1][c.right + 1] = -std::max(0.0, combined(c));
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0);
  std::vector<std::size_t> p(n + 1, 0), way(n + 1, 0);
  for (std::size_t i = 1; i <= n; ++i) {
    p[0] = i;
    std::size_t j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<bool> done(n + 1, false);
    do {
      done[j0] = true;
      const std::size_t i0 = p[j0];
      double delta = inf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= n; ++j) {
        if (done[j]) continue;
        const double reduced = cost[i0][j] - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (std::size_t j = 0; j <= n; ++j) {
        if (done[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const std::size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  double total = 0.0;
  for (std::size_t j = 1; j <= n; ++j) total -= cost[p[j]][j];
  return total;
}

// Preferences, written independently of the library: higher score first, ties to the lower index.
bool left_prefers(const Candidate& a, const Candidate& b) {
  return a.left_score > b.left_score || (a.left_score == b.left_score && a.right < b.right);
}
bool right_prefers(const Candidate& a, const Candidate& b) {
  return a.right_score > b.right_score || (a.right_score == b.right_score && a.left < b.left);
}

// The listed candidate of each (left, right), or null: a lookup table for the brute-force checks.
class PairTable {
 public:
  explicit PairTable(const Instance& instance)
      : right_count_(instance.right_count), table_(instance.left_count * instance.right_count, nullptr) {
    for (const Candidate& c : instance.candidates) table_[c.left * right_count_ + c.right] = &c;
  }
  const Candidate* at(std::int64_t left, std::int64_t right) const {
    return table_[static_cast<std::size_t>(left) * right_count_ + static_cast<std::size_t>(right)];
  }

 private:
  std::size_t right_count_;
  std::vector<const Candidate*> table_;
};

// Whether a matching (right_of_left, −1 = none) is stable, by direct search over all listed pairs.
bool is_stable(const Instance& instance, const PairTable& table, const std::vector<std::int64_t>& right_of_left) {
  std::vector<std::int64_t> left_of_right(instance.right_count, -1);
  for (std::size_t l = 0; l < right_of_left.size(); ++l) {
    if (right_of_left[l] >= 0) left_of_right[static_cast<std::size_t>(right_of_left[l])] = static_cast<std::int64_t>(l);
  }
  for (const Candidate& c : instance.candidates) {
    const std::int64_t mine = right_of_left[c.left];
    const std::int64_t theirs = left_of_right[c.right];
    if (mine == c.right) continue;
    const bool l_wants = mine < 0 || left_prefers(c, *table.at(c.left, mine));
    const bool r_wants = theirs < 0 || right_prefers(c, *table.at(theirs, c.right));
    if (l_wants && r_wants) return false;
  }
  return true;
}

// Every stable matching, by enumeration of all matchings.
std::vector<std::vector<std::int64_t>> all_stable_matchings(const Instance& instance) {
  std::vector<std::vector<const Candidate*>> of_left(instance.left_count);
  for (const Candidate& c : instance.candidates) of_left[c.left].push_back(&c);
  const PairTable table(instance);
  std::vector<std::vector<std::int64_t>> stable;
  std::vector<std::int64_t> current(instance.left_count, -1);
  std::vector<bool> used(instance.right_count, false);
  std::function<void(std::size_t)> extend = [&](std::size_t l) {
    if (l == instance.left_count) {
      if (is_stable(instance, table, current)) stable.push_back(current);
      return;
    }
    extend(l + 1);
    for (const Candidate* c : of_left[l]) {
      if (used[c->right]) continue;
      used[c->right] = true;
      current[l] = c->right;
      extend(l + 1);
      current[l] = -1;
      used[c->right] = false;
    }
  };
  extend(0);
  return stable;
}

std::vector<std::int64_t> widened(const std::vector<std::int32_t>& v) { return {v.begin(), v.end()}; }

void expect_same(const Assignment& a, const Assignment& b) {
  EXPECT_EQ(a.right_of_left, b.right_of_left);
  EXPECT_EQ(a.left_of_right, b.left_of_right);
  EXPECT_EQ(a.total_score, b.total_score);
}

std::vector<Instance> invariant_instances() {
  std::vector<Instance> instances = small_instances(1, 400, 12);
  for (Instance& m : medium_instances(2, 30)) instances.push_back(std::move(m));
  return instances;
}

TEST(Matching, names_the_mechanisms_as_scenarios_do) {
  EXPECT_EQ(to_string(MatchingMechanism::greedy), "greedy");
  EXPECT_EQ(to_string(MatchingMechanism::deferred_acceptance), "deferred_acceptance");
  EXPECT_EQ(to_string(MatchingMechanism::optimal), "optimal");
  for (MatchingMechanism m : all_mechanisms) EXPECT_EQ(parse_matching_mechanism(to_string(m)), m);
  EXPECT_EQ(parse_matching_mechanism("Greedy"), std::nullopt);
  EXPECT_EQ(parse_matching_mechanism("hungarian"), std::nullopt);
  EXPECT_EQ(parse_matching_mechanism(""), std::nullopt);
}

TEST(Matching, never_assigns_a_left_or_a_right_twice) {
  for (const Instance& instance : invariant_instances()) {
    for (MatchingMechanism m : all_mechanisms) {
      const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates, m);
      ASSERT_EQ(a.right_of_left.size(), instance.left_count);
      ASSERT_EQ(a.left_of_right.size(), instance.right_count);
      std::vector<int> uses_of_right(instance.right_count, 0);
      for (std::int32_t r : a.right_of_left) {
        if (r >= 0) {
          ASSERT_EQ(++uses_of_right[static_cast<std::size_t>(r)], 1) << to_string(m) << " right " << r;
        }
      }
      std::vector<int> uses_of_left(instance.left_count, 0);
      for (std::int32_t l : a.left_of_right) {
        if (l >= 0) {
          ASSERT_EQ(++uses_of_left[static_cast<std::size_t>(l)], 1) << to_string(m) << " left " << l;
        }
      }
    }
  }
}

TEST(Matching, assigns_only_listed_pairs) {
  for (const Instance& instance : invariant_instances()) {
    for (MatchingMechanism m : all_mechanisms) {
      const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates, m);
      for (std::size_t l = 0; l < a.right_of_left.size(); ++l) {
        if (a.right_of_left[l] < 0) continue;
        EXPECT_NE(find_pair(instance.candidates, static_cast<std::int64_t>(l), a.right_of_left[l]), nullptr)
            << to_string(m) << " assigned unlisted pair (" << l << ", " << a.right_of_left[l] << ")";
      }
    }
  }
}

TEST(Matching, right_of_left_and_left_of_right_describe_the_same_pairs) {
  for (const Instance& instance : invariant_instances()) {
    for (MatchingMechanism m : all_mechanisms) {
      const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates, m);
      for (std::size_t l = 0; l < a.right_of_left.size(); ++l) {
        const std::int32_t r = a.right_of_left[l];
        ASSERT_GE(r, -1);
        if (r >= 0) {
          EXPECT_EQ(a.left_of_right[static_cast<std::size_t>(r)], static_cast<std::int32_t>(l));
        }
      }
      for (std::size_t r = 0; r < a.left_of_right.size(); ++r) {
        const std::int32_t l = a.left_of_right[r];
        ASSERT_GE(l, -1);
        if (l >= 0) {
          EXPECT_EQ(a.right_of_left[static_cast<std::size_t>(l)], static_cast<std::int32_t>(r));
        }
      }
    }
  }
}

TEST(Matching, total_score_is_the_sum_of_combined_scores_of_assigned_pairs) {
  for (const Instance& instance : invariant_instances()) {
    for (MatchingMechanism m : all_mechanisms) {
      const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates, m);
      EXPECT_EQ(a.total_score, recomputed_total(a, instance.candidates)) << to_string(m);
    }
  }
}

TEST(Matching, gives_the_same_result_whatever_the_order_of_the_candidates) {
  SplitMix64 rng(3);
  std::vector<Instance> instances = small_instances(4, 150, 10);
  for (Instance& m : medium_instances(5, 10)) instances.push_back(std::move(m));
  for (const Instance& instance : instances) {
    std::vector<Candidate> shuffled = instance.candidates;
    std::reverse(shuffled.begin(), shuffled.end());
    for (std::size_t i = shuffled.size(); i > 1; --i) {
      std::swap(shuffled[i - 1], shuffled[rng.below(static_cast<std::uint32_t>(i))]);
    }
    for (MatchingMechanism m : all_mechanisms) {
      SCOPED_TRACE(std::string(to_string(m)));
      expect_same(assign(instance.left_count, instance.right_count, instance.candidates, m),
                  assign(instance.left_count, instance.right_count, shuffled, m));
    }
  }
}

TEST(Matching, deferred_acceptance_leaves_no_blocking_pair) {
  for (const Instance& instance : invariant_instances()) {
    const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates,
                                MatchingMechanism::deferred_acceptance);
    EXPECT_TRUE(blocking_pairs(a, instance.candidates).empty());
    EXPECT_TRUE(is_stable(instance, PairTable(instance), widened(a.right_of_left)));
  }
}

TEST(Matching, deferred_acceptance_gives_each_left_its_best_stable_partner) {
  for (const Instance& instance : small_instances(6, 200, 6)) {
    const Assignment a = assign(instance.left_count, instance.right_count, instance.candidates,
                                MatchingMechanism::deferred_acceptance);
    const auto stable = all_stable_matchings(instance);
    ASSERT_FALSE(stable.empty());  // Gale–Shapley: a stable matching always exists
    for (const auto& other : stable) {
      for (std::size_t l = 0; l < instance.left_count; ++l) {
        const std::int64_t mine = a.right_of_left[l];
        const std::int64_t theirs = other[l];
        if (mine == theirs) continue;
        // Every stable matching assigns the same lefts, so both are assigned here.
        ASSERT_GE(mine, 0);
        ASSERT_GE(theirs, 0);
        EXPECT_TRUE(left_prefers(*find_pair(instance.candidates, static_cast<std::int64_t>(l), mine),
                                 *find_pair(instance.candidates, static_cast<std::int64_t>(l), theirs)))
            << "left " << l << " prefers right " << theirs << " of another stable matching to " << mine;
      }
    }
  }
}

TEST(Matching, deferred_acceptance_solves_the_classic_cyclic_example) {
  // Three men and three women with cyclic preferences (rank 0 = best, score = 3 − rank):
  //   man 0: w0 > w1 > w2     woman 0: m1 > m2 > m0
  //   man 1: w1 > w2 > w0     woman 1: m2 > m0 > m1
  //   man 2: w2 > w0 > w1     woman 2: m0 > m1 > m2
  // The men-proposing algorithm gives every man his first choice; the women-proposing one gives every
  // woman hers: both are stable and differ.
  const int man_rank[3][3] = {{0, 1, 2}, {2, 0, 1}, {1, 2, 0}};    // man_rank[m][w]
  const int woman_rank[3][3] = {{2, 0, 1}, {1, 2, 0}, {0, 1, 2}};  // woman_rank[w][m]
  std::vector<Candidate> men_left;
  std::vector<Candidate> women_left;
  for (std::uint32_t m = 0; m < 3; ++m) {
    for (std::uint32_t w = 0; w < 3; ++w) {
      men_left.push_back({m, w, 3.0 - man_rank[m][w], 3.0 - woman_rank[w][m]});
      women_left.push_back({w, m, 3.0 - woman_rank[w][m], 3.0 - man_rank[m][w]});
    }
  }
  const Assignment men_propose = assign(3, 3, men_left, MatchingMechanism::deferred_acceptance);
  EXPECT_EQ(men_propose.right_of_left, (std::vector<std::int32_t>{0, 1, 2}));
  const Assignment women_propose = assign(3, 3, women_left, MatchingMechanism::deferred_acceptance);
  EXPECT_EQ(women_propose.right_of_left, (std::vector<std::int32_t>{1, 2, 0}));  // w0–m1, w1–m2, w2–m0
  EXPECT_TRUE(blocking_pairs(men_propose, men_left).empty());
  EXPECT_TRUE(blocking_pairs(women_propose, women_left).empty());
}

TEST(Matching, deferred_acceptance_lets_a_rejected_left_fall_to_its_next_choice) {
  // Both lefts want right 0; right 0 prefers left 1, so left 0 ends with its second choice. Left 2 has
  // only right 0 and stays unassigned, even though right 1 is free: unlisted pairs are unacceptable.
  const std::vector<Candidate> candidates = {
      {0, 0, 5.0, 1.0}, {0, 1, 2.0, 1.0}, {1, 0, 4.0, 3.0}, {2, 0, 9.0, 2.0}};
  const Assignment a = assign(3, 2, candidates, MatchingMechanism::deferred_acceptance);
  EXPECT_EQ(a.right_of_left, (std::vector<std::int32_t>{1, 0, -1}));
  EXPECT_EQ(a.left_of_right, (std::vector<std::int32_t>{1, 0}));
  EXPECT_EQ(a.total_score, 3.0 + 7.0);
}

TEST(Matching, blocking_pairs_lists_the_pairs_that_would_rather_be_together) {
  // Left 0 holds right 1 but prefers right 0, which holds left 1 and prefers left 0: (0, 0) blocks.
  const std::vector<Candidate> candidates = {{0, 0, 5.0, 5.0}, {0, 1, 1.0, 1.0}, {1, 0, 1.0, 1.0}};
  Assignment a;
  a.right_of_left = {1, 0};
  a.left_of_right = {1, 0};
  a.total_score = 4.0;
  EXPECT_EQ(blocking_pairs(a, candidates), (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 0}}));

  // Unassigned items block with any listed partner that would take them.
  Assignment empty;
  empty.right_of_left = {-1, -1};
  empty.left_of_right = {-1, -1};
  EXPECT_EQ(blocking_pairs(empty, candidates),
            (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 0}, {0, 1}, {1, 0}}));
}

TEST(Matching, blocking_pairs_breaks_score_ties_by_the_lower_index) {
  // Equal scores everywhere: left 0 prefers right 0 (lower index), right 0 prefers left 0 (lower index).
  const std::vector<Candidate> candidates = {{0, 0, 1.0, 1.0}, {0, 1, 1.0, 1.0}, {1, 0, 1.0, 1.0}};
  Assignment a;
  a.right_of_left = {1, 0};
  a.left_of_right = {1, 0};
  EXPECT_EQ(blocking_pairs(a, candidates), (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 0}}));
  const Assignment da = assign(2, 2, candidates, MatchingMechanism::deferred_acceptance);
  EXPECT_EQ(da.right_of_left, (std::vector<std::int32_t>{0, -1}));
}

TEST(Matching, blocking_pairs_rejects_an_assignment_that_is_not_made_of_candidates) {
  const std::vector<Candidate> candidates = {{0, 0, 1.0, 1.0}};
  Assignment unlisted;
  unlisted.right_of_left = {1};
  unlisted.left_of_right = {-1, 0};
  EXPECT_THROW(blocking_pairs(unlisted, candidates), std::invalid_argument);
  Assignment inconsistent;
  inconsistent.right_of_left = {0};
  inconsistent.left_of_right = {-1};
  EXPECT_THROW(blocking_pairs(inconsistent, candidates), std::invalid_argument);
}

TEST(Matching, greedy_takes_pairs_in_decreasing_combined_score) {
  // Combined scores: (0,0) = 10, (0,1) = 9, (1,0) = 9. Greedy takes (0,0) first and then nothing fits;
  // the optimum takes the two pairs worth 9 each.
  const std::vector<Candidate> candidates = {{0, 0, 6.0, 4.0}, {0, 1, 4.5, 4.5}, {1, 0, 8.0, 1.0}};
  const Assignment greedy = assign(2, 2, candidates, MatchingMechanism::greedy);
  EXPECT_EQ(greedy.right_of_left, (std::vector<std::int32_t>{0, -1}));
  EXPECT_EQ(greedy.total_score, 10.0);
  const Assignment optimal = assign(2, 2, candidates, MatchingMechanism::optimal);
  EXPECT_EQ(optimal.right_of_left, (std::vector<std::int32_t>{1, 0}));
  EXPECT_EQ(optimal.total_score, 18.0);
  EXPECT_GT(optimal.total_score, greedy.total_score);
}

TEST(Matching, greedy_breaks_ties_by_lower_left_then_lower_right) {
  // All combined scores equal: (0,1) comes before (1,0) and (1,1); then (1,0).
  const std::vector<Candidate> candidates = {{1, 1, 1.0, 1.0}, {1, 0, 2.0, 0.0}, {0, 1, 0.0, 2.0}};
  const Assignment a = assign(2, 2, candidates, MatchingMechanism::greedy);
  EXPECT_EQ(a.right_of_left, (std::vector<std::int32_t>{1, 0}));
}

TEST(Matching, greedy_and_deferred_acceptance_take_listed_pairs_of_negative_score_but_optimal_does_not) {
  const std::vector<Candidate> candidates = {{0, 0, -1.0, -2.0}, {1, 1, 0.5, -0.5}};
  for (MatchingMechanism m : {MatchingMechanism::greedy, MatchingMechanism::deferred_acceptance}) {
    const Assignment a = assign(2, 2, candidates, m);
    EXPECT_EQ(a.right_of_left, (std::vector<std::int32_t>{0, 1})) << to_string(m);
    EXPECT_EQ(a.total_score, -3.0) << to_string(m);
  }
  const Assignment optimal = assign(2, 2, candidates, MatchingMechanism::optimal);
  EXPECT_EQ(optimal.right_of_left, (std::vector<std::int32_t>{-1, -1}));
  EXPECT_EQ(optimal.total_score, 0.0);
}

TEST(Matching, optimal_never_takes_a_pair_of_non_positive_combined_score) {
  for (const Instance& instance : invariant_instances()) {
    const Assignment a =
        assign(instance.left_count, instance.right_count, instance.candidates, MatchingMechanism::optimal);
    for (std::size_t l = 0; l < a.right_of_left.size(); ++l) {
      if (a.right_of_left[l] < 0) continue;
      EXPECT_GT(combined(*find_pair(instance.candidates, static_cast<std::int64_t>(l), a.right_of_left[l])), 0.0);
    }
  }
}

TEST(Matching, optimal_scores_at_least_as_much_as_greedy_and_deferred_acceptance) {
  for (const Instance& instance : invariant_instances()) {
    const Assignment optimal =
        assign(instance.left_count, instance.right_count, instance.candidates, MatchingMechanism::optimal);
    const double tolerance = 1e-9 * (1.0 + std::abs(optimal.total_score));
    for (MatchingMechanism m : {MatchingMechanism::greedy, MatchingMechanism::deferred_acceptance}) {
      const Assignment other = assign(instance.left_count, instance.right_count, instance.candidates, m);
      EXPECT_GE(optimal.total_score + tolerance, other.total_score) << to_string(m);
    }
  }
}

TEST(Matching, optimal_equals_the_brute_force_maximum_on_small_instances) {
  for (const Instance& instance : small_instances(7, 600, 7)) {
    const Assignment a =
        assign(instance.left_count, instance.right_count, instance.candidates, MatchingMechanism::optimal);
    const double expected = brute_force_maximum(instance);
    EXPECT_NEAR(a.total_score, expected, 1e-9 * (1.0 + std::abs(expected)))
        << instance.left_count << " x " << instance.right_count << ", " << instance.candidates.size()
        << " candidates";
  }
}

TEST(Matching, optimal_equals_an_independent_hungarian_solution_on_larger_instances) {
  std::vector<Instance> instances = medium_instances(8, 60);
  SplitMix64 rng(9);
  // Square and very unbalanced shapes, including complete bipartite graphs.
  instances.push_back(random_instance(rng, 40, 40, 1.0, Scores::correlated));
  instances.push_back(random_instance(rng, 60, 8, 1.0, Scores::continuous));
  instances.push_back(random_instance(rng, 8, 60, 1.0, Scores::tied));
  instances.push_back(random_instance(rng, 80, 80, 0.03, Scores::continuous));
  for (const Instance& instance : instances) {
    const Assignment a =
        assign(instance.left_count, instance.right_count, instance.candidates, MatchingMechanism::optimal);
    const double expected = hungarian_maximum(instance);
    EXPECT_NEAR(a.total_score, expected, 1e-9 * (1.0 + std::abs(expected)))
        << instance.left_count << " x " << instance.right_count << ", " << instance.candidates.size()
        << " candidates";
  }
}

TEST(Matching, optimal_is_exact_to_its_resolution_when_scores_span_many_magnitudes) {
  // Scores from 1e-3 to 1e9: the documented resolution is (largest combined score) × 2^−40 per pair.
  SplitMix64 rng(10);
  for (int trial = 0; trial < 100; ++trial) {
    Instance instance = random_instance(rng, 6, 6, 0.7, Scores::continuous);
    double largest = 0.0;
    for (Candidate& c : instance.candidates) {
      const double magnitude = std::pow(10.0, -3.0 + 12.0 * rng.uniform());
      c.left_score *= magnitude;
      c.right_score *= magnitude;
      largest = std::max(largest, combined(c));
    }
    const Assignment a =
        assign(instance.left_count, instance.right_count, instance.candidates, MatchingMechanism::optimal);
    const double expected = brute_force_maximum(instance);
    EXPECT_LE(a.total_score, expected + 1e-12 * (1.0 + std::abs(expected)));  // summation order may differ
    EXPECT_GE(a.total_score, expected - 12.0 * largest * std::ldexp(1.0, -40));
  }
}

TEST(Matching, handles_empty_inputs) {
  for (MatchingMechanism m : all_mechanisms) {
    const Assignment none = assign(0, 0, {}, m);
    EXPECT_TRUE(none.right_of_left.empty());
    EXPECT_TRUE(none.left_of_right.empty());
    EXPECT_EQ(none.total_score, 0.0);

    const Assignment no_candidates = assign(3, 2, {}, m);
    EXPECT_EQ(no_candidates.right_of_left, (std::vector<std::int32_t>(3, -1)));
    EXPECT_EQ(no_candidates.left_of_right, (std::vector<std::int32_t>(2, -1)));
    EXPECT_EQ(no_candidates.total_score, 0.0);

    const Assignment no_rights = assign(4, 0, {}, m);
    EXPECT_EQ(no_rights.right_of_left, (std::vector<std::int32_t>(4, -1)));
    EXPECT_TRUE(no_rights.left_of_right.empty());
  }
  Assignment empty;
  EXPECT_TRUE(blocking_pairs(empty, {}).empty());
}

// The message of the std::invalid_argument `call` throws, or "" if it throws none.
template <typename Call>
std::string invalid_argument_message(Call call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

TEST(Matching, rejects_a_pair_listed_twice_naming_it) {
  const std::vector<Candidate> candidates = {{0, 0, 1.0, 1.0}, {1, 2, 1.0, 1.0}, {1, 2, 3.0, 0.0}};
  for (MatchingMechanism m : all_mechanisms) {
    const std::string message = invalid_argument_message([&] { assign(2, 3, candidates, m); });
    EXPECT_NE(message.find("(left 1, right 2)"), std::string::npos) << message;
    EXPECT_NE(message.find("#1"), std::string::npos) << message;
    EXPECT_NE(message.find("#2"), std::string::npos) << message;
  }
  Assignment a;
  a.right_of_left = {-1, -1};
  a.left_of_right = {-1, -1, -1};
  EXPECT_THROW(blocking_pairs(a, candidates), std::invalid_argument);
}

TEST(Matching, rejects_an_index_out_of_range_naming_it) {
  const std::vector<Candidate> bad_left = {{0, 0, 1.0, 1.0}, {7, 1, 1.0, 1.0}};
  const std::vector<Candidate> bad_right = {{0, 9, 1.0, 1.0}};
  for (MatchingMechanism m : all_mechanisms) {
    const std::string left_message = invalid_argument_message([&] { assign(5, 2, bad_left, m); });
    EXPECT_NE(left_message.find("left index 7"), std::string::npos) << left_message;
    EXPECT_NE(left_message.find("left_count = 5"), std::string::npos) << left_message;
    const std::string right_message = invalid_argument_message([&] { assign(1, 9, bad_right, m); });
    EXPECT_NE(right_message.find("right index 9"), std::string::npos) << right_message;
    EXPECT_NE(right_message.find("right_count = 9"), std::string::npos) << right_message;
  }
}

TEST(Matching, rejects_scores_that_are_not_finite) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const double huge = std::numeric_limits<double>::max();
  for (const Candidate& c : {Candidate{0, 0, nan, 1.0}, Candidate{0, 0, 1.0, -inf}, Candidate{0, 0, huge, huge}}) {
    for (MatchingMechanism m : all_mechanisms) {
      const std::vector<Candidate> candidates = {c};
      const std::string message = invalid_argument_message([&] { assign(1, 1, candidates, m); });
      EXPECT_NE(message.find("(left 0, right 0)"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace emile::models
