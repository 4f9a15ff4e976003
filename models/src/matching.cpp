#include "emile/models/matching.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace emile::models {

std::string_view to_string(MatchingMechanism mechanism) noexcept {
  switch (mechanism) {
    case MatchingMechanism::greedy: return "greedy";
    case MatchingMechanism::deferred_acceptance: return "deferred_acceptance";
    case MatchingMechanism::optimal: return "optimal";
  }
  return "unknown";
}

std::optional<MatchingMechanism> parse_matching_mechanism(std::string_view name) noexcept {
  for (auto m : {MatchingMechanism::greedy, MatchingMechanism::deferred_acceptance, MatchingMechanism::optimal}) {
    if (name == to_string(m)) return m;
  }
  return std::nullopt;
}

namespace {

constexpr std::int32_t unassigned = -1;

// The one expression for a pair's combined score, so every mechanism and total agrees bit for bit.
double combined(const Candidate& c) noexcept { return c.left_score + c.right_score; }

std::string pair_name(const Candidate& c) {
  return "(left " + std::to_string(c.left) + ", right " + std::to_string(c.right) + ")";
}

// Checks the input contract and returns the candidates sorted by (left, right), which makes every mechanism
// independent of the input order.
std::vector<Candidate> validated_sorted(std::size_t left_count, std::size_t right_count,
                                        std::span<const Candidate> candidates) {
  constexpr auto max_count = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  if (left_count > max_count) {
    throw std::invalid_argument("matching: left_count = " + std::to_string(left_count) +
                                " exceeds the largest assignable index " + std::to_string(max_count));
  }
  if (right_count > max_count) {
    throw std::invalid_argument("matching: right_count = " + std::to_string(right_count) +
                                " exceeds the largest assignable index " + std::to_string(max_count));
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    const std::string where = "matching: candidate #" + std::to_string(i) + " ";
    if (c.left >= left_count) {
      throw std::invalid_argument(where + pair_name(c) + ": left index " + std::to_string(c.left) +
                                  " is out of range (left_count = " + std::to_string(left_count) + ")");
    }
    if (c.right >= right_count) {
      throw std::invalid_argument(where + pair_name(c) + ": right index " + std::to_string(c.right) +
                                  " is out of range (right_count = " + std::to_string(right_count) + ")");
    }
    if (!std::isfinite(c.left_score) || !std::isfinite(c.right_score) || !std::isfinite(combined(c))) {
      throw std::invalid_argument(where + pair_name(c) + ": scores must be finite with a finite sum (left_score = " +
                                  std::to_string(c.left_score) + ", right_score = " +
                                  std::to_string(c.right_score) + ")");
    }
  }

  // Sort positions rather than values so a duplicate can be reported by both of its positions.
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Candidate& x = candidates[a];
    const Candidate& y = candidates[b];
    if (x.left != y.left) return x.left < y.left;
    if (x.right != y.right) return x.right < y.right;
    return a < b;
  });
  std::vector<Candidate> sorted;
  sorted.reserve(candidates.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Candidate& c = candidates[order[k]];
    if (k > 0) {
      const Candidate& previous = candidates[order[k - 1]];
      if (previous.left == c.left && previous.right == c.right) {
        throw std::invalid_argument("matching: candidates #" + std::to_string(order[k - 1]) + " and #" +
                                    std::to_string(order[k]) + " both list the pair " + pair_name(c) +
                                    "; each pair may be listed once");
      }
    }
    sorted.push_back(c);
  }
  return sorted;
}

// Builds an Assignment from the chosen candidates (at most one per left and per right).
Assignment make_assignment(std::size_t left_count, std::size_t right_count,
                           const std::vector<const Candidate*>& chosen_of_left) {
  Assignment a;
  a.right_of_left.assign(left_count, unassigned);
  a.left_of_right.assign(right_count, unassigned);
  for (std::size_t l = 0; l < left_count; ++l) {
    const Candidate* c = chosen_of_left[l];
    if (c == nullptr) continue;
    a.right_of_left[l] = static_cast<std::int32_t>(c->right);
    a.left_of_right[c->right] = static_cast<std::int32_t>(l);
    a.total_score += combined(*c);
  }
  return a;
}

Assignment solve_greedy(std::size_t left_count, std::size_t right_count, const std::vector<Candidate>& sorted) {
  std::vector<const Candidate*> order(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) order[i] = &sorted[i];
  std::sort(order.begin(), order.end(), [](const Candidate* x, const Candidate* y) {
    const double sx = combined(*x);
    const double sy = combined(*y);
    if (sx != sy) return sx > sy;
    if (x->left != y->left) return x->left < y->left;
    return x->right < y->right;
  });
  std::vector<const Candidate*> chosen(left_count, nullptr);
  std::vector<bool> right_taken(right_count, false);
  for (const Candidate* c : order) {
    if (chosen[c->left] != nullptr || right_taken[c->right]) continue;
    chosen[c->left] = c;
    right_taken[c->right] = true;
  }
  return make_assignment(left_count, right_count, chosen);
}

Assignment solve_deferred_acceptance(std::size_t left_count, std::size_t right_count,
                                     const std::vector<Candidate>& sorted) {
  // `sorted` is grouped by left; order each left's group by its own preference.
  std::vector<std::size_t> begin(left_count + 1, 0);
  for (const Candidate& c : sorted) ++begin[c.left + 1];
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  std::vector<const Candidate*> preference(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) preference[i] = &sorted[i];
  for (std::size_t l = 0; l < left_count; ++l) {
    std::sort(preference.begin() + static_cast<std::ptrdiff_t>(begin[l]),
              preference.begin() + static_cast<std::ptrdiff_t>(begin[l + 1]),
              [](const Candidate* x, const Candidate* y) {
                if (x->left_score != y->left_score) return x->left_score > y->left_score;
                return x->right < y->right;
              });
  }

  std::vector<const Candidate*> held(right_count, nullptr);  // the proposal each right currently holds
  std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
  std::vector<std::uint32_t> free_lefts(left_count);
  // Popped from the back, so lefts propose in increasing index; the result does not depend on this order.
  std::iota(free_lefts.rbegin(), free_lefts.rend(), std::uint32_t{0});
  while (!free_lefts.empty()) {
    const std::uint32_t l = free_lefts.back();
    free_lefts.pop_back();
    while (next[l] < begin[l + 1]) {
      const Candidate* proposal = preference[next[l]++];
      const Candidate*& current = held[proposal->right];
      if (current == nullptr) {
        current = proposal;
        break;
      }
      const bool accepted = proposal->right_score > current->right_score ||
                            (proposal->right_score == current->right_score && proposal->left < current->left);
      if (accepted) {
        free_lefts.push_back(current->left);
        current = proposal;
        break;
      }
    }
  }

  std::vector<const Candidate*> chosen(left_count, nullptr);
  for (const Candidate* c : held) {
    if (c != nullptr) chosen[c->left] = c;
  }
  return make_assignment(left_count, right_count, chosen);
}

// Maximum-weight bipartite matching as a min-cost max-flow.
//
// Nodes: source s, sink t, one node per left and per right that has a pair of positive combined score.
// Edges (capacity 1 each, integer cost):
//   s → l       cost 0
//   l → r       cost M − w(l, r)   for each candidate with positive scaled score w(l, r) ∈ (0, M]
//   r → t       cost 0
//   l → t       cost M             (the bypass: l stays unassigned)
// Every left can always reach t through its bypass, so every maximum flow saturates all s → l edges and
// has value P (the number of left nodes). Its cost is Σ_assigned (M − w) + Σ_bypassed M = P·M − Σ_assigned w,
// so a minimum-cost maximum flow is exactly a maximum-weight matching, and all edge costs are ≥ 0 as the
// algorithm requires. Pairs with combined score ≤ 0 are left out: with costs ≥ M they could never beat the
// bypass.
//
// Costs are integers so reduced costs are exact: with doubles, rounding can make a reduced cost slightly
// negative, which Boost's Dijkstra rejects (or, worse, yields a non-optimal flow). Scores are scaled by
// M / (largest combined score), M = 2^bits, and rounded.
//
// Overflow: shortest-path distances and potentials are bounded in magnitude by (number of nodes) × M, and
// reduced costs by twice that, so M is chosen with 4 × nodes × M < 2^62. Boost adds each Dijkstra distance to the potentials, which
// would overflow for an unreachable node (distance = max); none exists: while t is reachable, every left
// is reachable (free ones from s, the others from t through reversed bypass or right → t edges and the
// right's reversed l → r edge), and every right node has an l → r edge from a reachable left or is matched
// and reachable from t. When t becomes unreachable the algorithm stops before updating the potentials.
Assignment solve_optimal(std::size_t left_count, std::size_t right_count, const std::vector<Candidate>& sorted) {
  double best = 0.0;
  for (const Candidate& c : sorted) best = std::max(best, combined(c));
  std::vector<const Candidate*> chosen(left_count, nullptr);
  if (best <= 0.0) return make_assignment(left_count, right_count, chosen);

  // Nodes: 0 = s, 1 = t, then lefts, then rights, numbered in increasing index (only those with a positive
  // pair), so the graph — and the optimum the algorithm lands on among ties — depends only on the input set.
  std::vector<std::int64_t> left_node(left_count, -1);
  std::vector<std::int64_t> right_node(right_count, -1);
  std::size_t node_count = 2;
  for (const Candidate& c : sorted) {
    if (combined(c) > 0.0 && left_node[c.left] < 0) left_node[c.left] = static_cast<std::int64_t>(node_count++);
  }
  {
    std::vector<bool> right_used(right_count, false);
    for (const Candidate& c : sorted) {
      if (combined(c) > 0.0) right_used[c.right] = true;
    }
    for (std::size_t r = 0; r < right_count; ++r) {
      if (right_used[r]) right_node[r] = static_cast<std::int64_t>(node_count++);
    }
  }

  // Dijkstra's tentative distances (reduced distance + reduced cost) stay below 4 × nodes × M, so
  // M = 2^bits with 4 × nodes × M < 2^62 leaves a factor 2 of margin; capped at 2^40 (resolution ≈ 1e-12
  // of the best score).
  const int node_bits = std::bit_width(2 * node_count + 1);
  const int bits = std::min(40, 61 - node_bits);
  if (bits < 8) {
    throw std::invalid_argument("matching: " + std::to_string(node_count) +
                                " nodes are too many for an exact optimal assignment");
  }
  const std::int64_t scale = std::int64_t{1} << bits;

  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, std::int64_t,
                      boost::property<boost::edge_residual_capacity_t, std::int64_t,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                      boost::property<boost::edge_weight_t, std::int64_t>>>>>;
  using Edge = Traits::edge_descriptor;

  Graph graph(node_count);
  auto capacity = boost::get(boost::edge_capacity, graph);
  auto reverse = boost::get(boost::edge_reverse, graph);
  auto weight = boost::get(boost::edge_weight, graph);
  auto add_arc = [&](std::size_t from, std::size_t to, std::int64_t cost) {
    const Edge forward = boost::add_edge(from, to, graph).first;
    const Edge backward = boost::add_edge(to, from, graph).first;
    capacity[forward] = 1;
    capacity[backward] = 0;
    weight[forward] = cost;
    weight[backward] = -cost;
    reverse[forward] = backward;
    reverse[backward] = forward;
    return forward;
  };

  constexpr std::size_t source = 0;
  constexpr std::size_t sink = 1;
  for (std::size_t l = 0; l < left_count; ++l) {
    if (left_node[l] < 0) continue;
    add_arc(source, static_cast<std::size_t>(left_node[l]), 0);
    add_arc(static_cast<std::size_t>(left_node[l]), sink, scale);
  }
  for (std::size_t r = 0; r < right_count; ++r) {
    if (right_node[r] >= 0) add_arc(static_cast<std::size_t>(right_node[r]), sink, 0);
  }
  std::vector<std::pair<Edge, const Candidate*>> pair_edges;
  for (const Candidate& c : sorted) {
    const double score = combined(c);
    if (score <= 0.0) continue;
    const auto scaled = std::min<std::int64_t>(scale, std::llround(std::ldexp(score / best, bits)));
    if (scaled <= 0) continue;  // below the resolution: worth no more than staying unassigned
    const Edge e = add_arc(static_cast<std::size_t>(left_node[c.left]), static_cast<std::size_t>(right_node[c.right]),
                           scale - scaled);
    pair_edges.emplace_back(e, &c);
  }

  boost::successive_shortest_path_nonnegative_weights(graph, source, sink);

  auto residual = boost::get(boost::edge_residual_capacity, graph);
  for (const auto& [e, c] : pair_edges) {
    if (residual[e] == 0) chosen[c->left] = c;
  }
  return make_assignment(left_count, right_count, chosen);
}

}  // namespace

Assignment assign(std::size_t left_count, std::size_t right_count, std::span<const Candidate> candidates,
                  MatchingMechanism mechanism) {
  const std::vector<Candidate> sorted = validated_sorted(left_count, right_count, candidates);
  switch (mechanism) {
    case MatchingMechanism::greedy: return solve_greedy(left_count, right_count, sorted);
    case MatchingMechanism::deferred_acceptance: return solve_deferred_acceptance(left_count, right_count, sorted);
    case MatchingMechanism::optimal: return solve_optimal(left_count, right_count, sorted);
  }
  throw std::invalid_argument("matching: unknown mechanism " + std::to_string(static_cast<int>(mechanism)));
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> blocking_pairs(const Assignment& assignment,
                                                                    std::span<const Candidate> candidates) {
  const std::size_t left_count = assignment.right_of_left.size();
  const std::size_t right_count = assignment.left_of_right.size();
  const std::vector<Candidate> sorted = validated_sorted(left_count, right_count, candidates);

  for (std::size_t l = 0; l < left_count; ++l) {
    const std::int32_t r = assignment.right_of_left[l];
    if (r == unassigned) continue;
    if (r < 0 || static_cast<std::size_t>(r) >= right_count ||
        assignment.left_of_right[static_cast<std::size_t>(r)] != static_cast<std::int32_t>(l)) {
      throw std::invalid_argument("blocking_pairs: right_of_left[" + std::to_string(l) + "] = " + std::to_string(r) +
                                  " disagrees with left_of_right");
    }
  }
  for (std::size_t r = 0; r < right_count; ++r) {
    const std::int32_t l = assignment.left_of_right[r];
    if (l == unassigned) continue;
    if (l < 0 || static_cast<std::size_t>(l) >= left_count ||
        assignment.right_of_left[static_cast<std::size_t>(l)] != static_cast<std::int32_t>(r)) {
      throw std::invalid_argument("blocking_pairs: left_of_right[" + std::to_string(r) + "] = " + std::to_string(l) +
                                  " disagrees with right_of_left");
    }
  }

  // The candidate each item is currently assigned through.
  std::vector<const Candidate*> current_of_left(left_count, nullptr);
  std::vector<const Candidate*> current_of_right(right_count, nullptr);
  for (const Candidate& c : sorted) {
    if (assignment.right_of_left[c.left] == static_cast<std::int32_t>(c.right)) {
      current_of_left[c.left] = &c;
      current_of_right[c.right] = &c;
    }
  }
  for (std::size_t l = 0; l < left_count; ++l) {
    if (assignment.right_of_left[l] != unassigned && current_of_left[l] == nullptr) {
      throw std::invalid_argument("blocking_pairs: assigned pair (left " + std::to_string(l) + ", right " +
                                  std::to_string(assignment.right_of_left[l]) + ") is not among the candidates");
    }
  }

  std::vector<std::pair<std::uint32_t, std::uint32_t>> blocking;
  for (const Candidate& c : sorted) {
    const Candidate* mine = current_of_left[c.left];
    const Candidate* theirs = current_of_right[c.right];
    if (mine == &c) continue;
    const bool left_prefers = mine == nullptr || c.left_score > mine->left_score ||
                              (c.left_score == mine->left_score && c.right < mine->right);
    const bool right_prefers = theirs == nullptr || c.right_score > theirs->right_score ||
                               (c.right_score == theirs->right_score && c.left < theirs->left);
    if (left_prefers && right_prefers) blocking.emplace_back(c.left, c.right);
  }
  return blocking;  // already in (left, right) order: `sorted` is
}

}  // namespace emile::models
