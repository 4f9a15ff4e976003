#pragma once
// Bipartite assignment: which left item (a household) gets which right item (a vacancy or a dwelling).
//
// The joint household–(vacancy, dwelling) problem is a 3-dimensional assignment; the model solves it as two
// bipartite assignments in sequence (households ↔ vacancies, then job-matched households ↔ dwellings), each
// by the mechanism the scenario selects. This module knows nothing of households, jobs or dwellings: it
// takes a list of feasible pairs with a score for each side and returns a matching (each left and each
// right used at most once).
//
// Example:
//   std::vector<Candidate> pairs = {{0, 0, 3.0, 1.0}, {0, 1, 2.0, 2.0}, {1, 0, 2.5, 0.5}};
//   Assignment a = assign(2, 2, pairs, MatchingMechanism::optimal);
//   // a.right_of_left == {1, 0}, a.total_score == 7.0
//
// Input contract, common to every function here (each violation throws std::invalid_argument, naming the
// offending candidate's position and index or pair):
//   - every candidate's left < left_count and right < right_count;
//   - no pair (left, right) is listed twice;
//   - left_score, right_score and their sum are finite.
// The order of the candidates in the input does not matter: every function sorts them first, so any
// permutation of the same candidates gives the same result, bit for bit.
//
// Thread-safety: the functions are pure (no shared state); they may run concurrently on different inputs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace emile::models {

/// How a bipartite assignment is solved. The scenario selects one by name (see to_string).
enum class MatchingMechanism {
  /// Pairs taken in decreasing combined score (left_score + right_score), ties broken by (left, right)
  /// ascending, whenever both sides are still free. Every listed pair is acceptable, whatever its score.
  greedy,
  /// Left-proposing deferred acceptance (Gale–Shapley): the left-optimal stable matching. Every listed pair
  /// is acceptable to both sides; unlisted pairs are unacceptable.
  deferred_acceptance,
  /// A matching of maximum total combined score, solved exactly as a min-cost flow (see assign).
  optimal,
};

/// The mechanisms' scenario names, in the order of the enumerators (the one list, read by the scenario schema).
inline constexpr std::array<std::string_view, 3> matching_mechanism_names{"greedy", "deferred_acceptance", "optimal"};

/// The mechanism's scenario name: "greedy", "deferred_acceptance" or "optimal".
std::string_view to_string(MatchingMechanism mechanism) noexcept;

/// The mechanism named `name` (exact, case-sensitive match of a to_string name), or nullopt.
std::optional<MatchingMechanism> parse_matching_mechanism(std::string_view name) noexcept;

/// A feasible pair. Pairs not listed are infeasible.
struct Candidate {
  std::uint32_t left;   ///< the left item's index (a household)
  std::uint32_t right;  ///< the right item's index (a vacancy or a dwelling)
  double left_score;    ///< how much the left item values the right one; higher is better
  double right_score;   ///< how much the right item's owner (employer, landlord) values the left one
};

/// A matching. Both vectors describe the same pairs: right_of_left[l] == r ⇔ left_of_right[r] == l.
struct Assignment {
  std::vector<std::int32_t> right_of_left;  ///< size left_count; −1 = unassigned
  std::vector<std::int32_t> left_of_right;  ///< size right_count; −1 = unassigned
  /// Σ (left_score + right_score) over the assigned pairs, summed in increasing left index (each term is
  /// the double `left_score + right_score`), so a caller recomputing it in that order gets the same bits.
  double total_score = 0.0;
};

/// Matches left items [0, left_count) to right items [0, right_count) using only the listed candidates.
///
/// Mechanisms:
///   - greedy: see MatchingMechanism::greedy.
///   - deferred_acceptance: each left ranks its candidates by left_score, descending, ties to the lower right
///     index; each right ranks by right_score, descending, ties to the lower left index. The result is the
///     left-optimal stable matching: blocking_pairs(result, candidates) is empty.
///   - optimal: maximises Σ (left_score + right_score) over all matchings made of listed pairs; the
///     cardinality is not maximised. A pair whose combined score is ≤ 0 never increases the total, so it is
///     never taken: optimal may leave unassigned an item that greedy or deferred acceptance would assign.
///     Solved as a min-cost flow (Boost.Graph's successive shortest paths) on integer costs: combined scores
///     are scaled so that the largest becomes 2^40 (2^b with b smaller for graphs over ~2^20 nodes) and
///     rounded, so the resolution is (largest combined score) × 2^−40. The integer problem is solved
///     exactly; the returned total is within (number of assigned pairs + number of pairs in a true optimum)
///     × resolution / 2 of the true maximum — about 1e−12 of the largest score per pair.
///
/// Cost (E = candidates.size()): greedy and deferred acceptance O(E log E) time, O(E) memory. Optimal runs
/// one shortest-path search per left item having a pair of positive score, over the connected component it
/// belongs to in a network holding each left's best few pairs, repeated over a few rounds until an
/// optimality certificate holds for every pair: fast when pairs spread over many rights (2,000 lefts ×
/// 20,000 rights, 200,000 pairs: about 0.1 s), slowest when every left competes for the same few rights
/// (2,000 × 2,000, 200,000 pairs: several seconds).
///
/// Throws std::invalid_argument if the input contract above is broken, or if left_count or right_count
/// exceeds INT32_MAX.
Assignment assign(std::size_t left_count, std::size_t right_count, std::span<const Candidate> candidates,
                  MatchingMechanism mechanism);

/// The listed pairs (left, right) that block `assignment`: the left item prefers that right item to its
/// current one (or is unassigned), by left_score, ties to the lower right index; and the right item prefers
/// that left item to its current one (or is unassigned), by right_score, ties to the lower left index — the
/// same rules as deferred acceptance, so its result has none. Returned sorted by (left, right).
///
/// Throws std::invalid_argument if the candidates break the input contract (with left_count and right_count
/// taken as the sizes of the assignment's vectors), if the two vectors of `assignment` disagree, or if an
/// assigned pair is not among the candidates.
std::vector<std::pair<std::uint32_t, std::uint32_t>> blocking_pairs(const Assignment& assignment,
                                                                    std::span<const Candidate> candidates);

}  // namespace emile::models
