#include "emile/models/foundations/matching.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
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
  const auto index = static_cast<std::size_t>(mechanism);
  return index < matching_mechanism_names.size() ? matching_mechanism_names[index] : "unknown";
}

std::optional<MatchingMechanism> parse_matching_mechanism(std::string_view name) noexcept {
  const auto found = std::find(matching_mechanism_names.begin(), matching_mechanism_names.end(), name);
  if (found == matching_mechanism_names.end()) return std::nullopt;
  return static_cast<MatchingMechanism>(found - matching_mechanism_names.begin());
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

// Maximum-weight bipartite matching as a min-cost maximum flow, solved by Boost.Graph's successive shortest
// paths.
//
// Network (every arc has capacity 1 and an integer cost):
//   s → l       cost 0
//   l → r       cost M − w(l, r)   for each pair with scaled combined score w(l, r) ∈ (0, M]
//   r → t       cost 0
//   l → t       cost M             (the bypass: l stays unassigned)
// with one node l per left item and one node r per right item having such a pair. Every left can reach t
// through its bypass, so every maximum flow saturates all s → l arcs and has value P (the number of left
// nodes); its cost is Σ_assigned (M − w) + Σ_bypassed M = P·M − Σ_assigned w. A minimum-cost maximum flow
// is therefore exactly a maximum-weight matching, and every cost is ≥ 0, as the algorithm requires. Pairs of
// combined score ≤ 0 are left out: with cost ≥ M they never beat the bypass.
//
// Integer costs keep reduced costs exact: with doubles, rounding can make a reduced cost slightly negative,
// which Boost's Dijkstra rejects (or a non-optimal flow results). Combined scores are scaled by
// M / (largest combined score), M = 2^bits, and rounded to integers.
//
// Speed: Boost's algorithm runs one Dijkstra over the whole network per left node, which is slow for
// thousands of lefts and tens of thousands of rights. Two exact reductions keep the networks small:
//   - Sparsification with an optimality certificate. The network first holds each left's few best pairs
//     (the active pairs). A flow is a minimum-cost flow iff some node potentials π make every residual
//     arc's reduced cost π(u) + cost − π(v) ≥ 0 (then the residual network has no negative cycle). Boost's
//     final potentials (its `distance_prev`) are such potentials for the active network; a right absent
//     from it gets π(r) := π(t) (its r → t arc then has reduced cost 0). Every inactive pair is then
//     checked; those with π(l) + M − w − π(r) < 0 are activated (a few per left) and the network solved
//     again. When no pair violates the condition, the flow is optimal for the network of all pairs. After
//     a bounded number of rounds every pair is activated, so the loop ends.
//   - Components. The active network minus s and t splits into connected components, each solved on its
//     own network with its own s and t: a residual cycle through s is impossible (s has no residual arc
//     out once every s → l arc is saturated) and a simple cycle through t stays inside one component, so
//     the union of optimal component flows is optimal. Their potentials are made one valid potential by
//     shifting each component's so that π(t) = 0 (reduced costs of arcs between its own nodes and t are
//     unchanged) and giving s a potential below every other (s has no residual arc out). A component whose
//     pairs did not change keeps its solution from the previous round.
//
// Overflow: potentials are shortest-path distances, bounded in magnitude by (number of nodes) × M, and
// Dijkstra's tentative distances (reduced distance + reduced cost) by 4 × nodes × M; M is chosen with
// 4 × nodes × M < 2^62. Boost adds every Dijkstra distance to the potentials, which would overflow for an
// unreachable node (distance = max). None exists while t is reachable: free lefts are reached from s, the
// others from t (reversed bypass, or reversed r → t then reversed l → r), and every right node has an arc
// from some left or is matched and reached from t. When t becomes unreachable the algorithm stops before
// updating the potentials.

// One forward arc of a network (capacity 1); its reverse arc is added by min_cost_flow.
struct Arc {
  std::size_t from;
  std::size_t to;
  std::int64_t cost;
};

// Runs Boost's successive shortest paths from node 0 to node 1 on `arcs`. Returns, for each arc, whether
// it carries flow; `potential` receives the final node potentials.
//
// Node 0 must be the source: Boost detects "t unreachable" by comparing t's predecessor arc with a default
// edge descriptor, which for a compressed sparse row graph equals the arc of index 0 — an arc out of node 0,
// so never one into t.
std::vector<bool> min_cost_flow(std::size_t node_count, const std::vector<Arc>& arcs,
                                std::vector<std::int64_t>& potential) {
  using Graph = boost::compressed_sparse_row_graph<boost::directedS>;
  using Edge = boost::graph_traits<Graph>::edge_descriptor;

  // Arc 2i is arcs[i], arc 2i + 1 its reverse; position[a] is arc a's index in the graph (sorted by tail).
  const std::size_t arc_count = 2 * arcs.size();
  auto tail = [&](std::size_t a) { return a % 2 == 0 ? arcs[a / 2].from : arcs[a / 2].to; };
  auto head = [&](std::size_t a) { return a % 2 == 0 ? arcs[a / 2].to : arcs[a / 2].from; };
  std::vector<std::size_t> first(node_count + 1, 0);
  for (std::size_t a = 0; a < arc_count; ++a) ++first[tail(a) + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  std::vector<std::size_t> position(arc_count);
  std::vector<std::pair<std::size_t, std::size_t>> ends(arc_count);
  {
    std::vector<std::size_t> fill(first.begin(), first.end() - 1);
    for (std::size_t a = 0; a < arc_count; ++a) {
      position[a] = fill[tail(a)]++;
      ends[position[a]] = {tail(a), head(a)};
    }
  }
  const Graph graph(boost::edges_are_sorted, ends.begin(), ends.end(), node_count);

  std::vector<std::int64_t> capacity(arc_count);
  std::vector<std::int64_t> weight(arc_count);
  std::vector<Edge> reverse(arc_count);
  for (std::size_t a = 0; a < arc_count; ++a) {
    const bool forward = a % 2 == 0;
    const std::size_t twin = forward ? a + 1 : a - 1;
    capacity[position[a]] = forward ? 1 : 0;
    weight[position[a]] = forward ? arcs[a / 2].cost : -arcs[a / 2].cost;
    reverse[position[a]] = Edge(head(a), position[twin]);
  }
  std::vector<std::int64_t> residual(arc_count);
  std::vector<Edge> predecessor(node_count);
  std::vector<std::int64_t> distance(node_count);
  potential.assign(node_count, 0);

  const auto edge_index = boost::get(boost::edge_index, graph);
  const auto vertex_index = boost::get(boost::vertex_index, graph);
  boost::successive_shortest_path_nonnegative_weights(
      graph, std::size_t{0}, std::size_t{1}, boost::make_iterator_property_map(capacity.data(), edge_index),
      boost::make_iterator_property_map(residual.data(), edge_index),
      boost::make_iterator_property_map(weight.data(), edge_index),
      boost::make_iterator_property_map(reverse.data(), edge_index), vertex_index,
      boost::make_iterator_property_map(predecessor.data(), vertex_index),
      boost::make_iterator_property_map(distance.data(), vertex_index),
      boost::make_iterator_property_map(potential.data(), vertex_index));

  std::vector<bool> used(arcs.size());
  for (std::size_t i = 0; i < arcs.size(); ++i) used[i] = residual[position[2 * i]] == 0;
  return used;
}

// Disjoint sets over items (lefts, then rights), for the components of the active network.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t count) : parent_(count) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the root is the component's smallest item
  }

 private:
  std::vector<std::size_t> parent_;
};

Assignment solve_optimal(std::size_t left_count, std::size_t right_count, const std::vector<Candidate>& sorted) {
  // Pairs each left starts with; more are activated only where the certificate fails, at most this many
  // per left and round (adding every violating pair at once makes the next network needlessly dense).
  // Tuned on random instances: small enough that sparse instances split into many small components.
  constexpr std::size_t initial_pairs_per_left = 2;
  constexpr std::size_t added_pairs_per_left = 4;
  // Rounds of activating violating pairs before every remaining pair is activated at once.
  constexpr int sparse_rounds = 16;

  std::vector<const Candidate*> chosen(left_count, nullptr);
  double best = 0.0;
  std::size_t positive_pairs = 0;
  for (const Candidate& c : sorted) {
    best = std::max(best, combined(c));
    if (combined(c) > 0.0) ++positive_pairs;
  }
  if (best <= 0.0) return make_assignment(left_count, right_count, chosen);

  // Bound the number of nodes of any network by 2 + (number of items in a positive pair).
  const std::size_t node_bound = 2 + std::min(left_count + right_count, 2 * positive_pairs);
  const int bits = std::min(40, 61 - static_cast<int>(std::bit_width(2 * node_bound + 1)));
  if (bits < 8) {
    throw std::invalid_argument("matching: " + std::to_string(node_bound) +
                                " items are too many for an exact optimal assignment");
  }
  const std::int64_t scale = std::int64_t{1} << bits;

  struct Pair {
    const Candidate* candidate;
    std::int64_t weight;  // scaled combined score, in (0, scale]
    bool active;
    bool added;  // activated in the last round
  };
  std::vector<Pair> pairs;  // grouped by left, each group in the left's order of weight (ties: lower right)
  for (const Candidate& c : sorted) {
    const double score = combined(c);
    if (score <= 0.0) continue;
    const auto w = std::min<std::int64_t>(scale, std::llround(std::ldexp(score / best, bits)));
    if (w > 0) pairs.push_back({&c, w, false, true});  // w == 0: below the resolution, no better than a bypass
  }
  for (auto group = pairs.begin(); group != pairs.end();) {
    auto end = std::find_if(group, pairs.end(),
                            [&](const Pair& p) { return p.candidate->left != group->candidate->left; });
    std::sort(group, end, [](const Pair& x, const Pair& y) {
      if (x.weight != y.weight) return x.weight > y.weight;
      return x.candidate->right < y.candidate->right;
    });
    for (auto p = group; p != end && p - group < static_cast<std::ptrdiff_t>(initial_pairs_per_left); ++p) {
      p->active = true;
    }
    group = end;
  }

  // Per item (lefts, then rights): potential with π(t) = 0, and whether it is in the active network.
  const std::size_t item_count = left_count + right_count;
  std::vector<std::int64_t> potential(item_count, 0);
  std::vector<bool> in_network(item_count, false);
  // The pair a left is assigned through, as an index into `pairs` (or none).
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> pair_of_left(left_count, none);

  std::vector<std::int64_t> network_potential;
  std::vector<Arc> arcs;
  std::vector<std::size_t> node_of_item(item_count, 0);
  for (int round = 0;; ++round) {
    DisjointSets components(item_count);
    std::fill(in_network.begin(), in_network.end(), false);
    for (const Pair& p : pairs) {
      if (!p.active) continue;
      components.join(p.candidate->left, left_count + p.candidate->right);
      in_network[p.candidate->left] = in_network[left_count + p.candidate->right] = true;
    }
    // Active pairs of each component, keyed by its root; a component with an added pair is solved again.
    std::vector<std::vector<std::size_t>> pairs_of_root(item_count);
    std::vector<bool> changed(item_count, false);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (!pairs[i].active) continue;
      const std::size_t root = components.find(pairs[i].candidate->left);
      pairs_of_root[root].push_back(i);
      if (pairs[i].added) changed[root] = true;
    }

    for (std::size_t root = 0; root < item_count; ++root) {
      if (!changed[root]) continue;
      const std::vector<std::size_t>& members = pairs_of_root[root];
      // Nodes: 0 = s, 1 = t, then lefts and rights in increasing index, so the network — and the optimum
      // chosen among ties — depends only on the component's pairs.
      std::vector<std::size_t> items;
      for (std::size_t i : members) {
        items.push_back(pairs[i].candidate->left);
        items.push_back(left_count + pairs[i].candidate->right);
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      arcs.clear();
      for (std::size_t k = 0; k < items.size(); ++k) {
        node_of_item[items[k]] = 2 + k;
        if (items[k] < left_count) {
          arcs.push_back({0, 2 + k, 0});
          arcs.push_back({2 + k, 1, scale});
        } else {
          arcs.push_back({2 + k, 1, 0});
        }
      }
      const std::size_t first_pair_arc = arcs.size();
      for (std::size_t i : members) {
        arcs.push_back({node_of_item[pairs[i].candidate->left], node_of_item[left_count + pairs[i].candidate->right],
                        scale - pairs[i].weight});
      }

      const std::vector<bool> used = min_cost_flow(2 + items.size(), arcs, network_potential);

      for (std::size_t item : items) {
        potential[item] = network_potential[node_of_item[item]] - network_potential[1];
        if (item < left_count) pair_of_left[item] = none;
      }
      for (std::size_t k = 0; k < members.size(); ++k) {
        if (used[first_pair_arc + k]) pair_of_left[pairs[members[k]].candidate->left] = members[k];
      }
    }

    // Activate, per left, its most violated pairs (most negative reduced cost; ties: earlier in its order).
    std::size_t violations = 0;
    std::vector<std::pair<std::int64_t, std::size_t>> violated;  // (reduced cost, pair index) of one left
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      Pair& p = pairs[i];
      p.added = false;
      if (!p.active) {
        const std::size_t r = left_count + p.candidate->right;
        const std::int64_t reduced =
            potential[p.candidate->left] + (scale - p.weight) - (in_network[r] ? potential[r] : 0);
        if (reduced < 0) violated.emplace_back(reduced, i);
      }
      const bool last_of_left = i + 1 == pairs.size() || pairs[i + 1].candidate->left != p.candidate->left;
      if (last_of_left && !violated.empty()) {
        const std::size_t take = std::min(violated.size(), added_pairs_per_left);
        std::partial_sort(violated.begin(), violated.begin() + static_cast<std::ptrdiff_t>(take), violated.end());
        for (std::size_t k = 0; k < take; ++k) pairs[violated[k].second].active = pairs[violated[k].second].added = true;
        violations += violated.size();
        violated.clear();
      }
    }
    if (violations == 0) break;
    if (round + 1 >= sparse_rounds) {
      for (Pair& p : pairs) {
        if (!p.active) p.active = p.added = true;
      }
    }
  }

  for (std::size_t l = 0; l < left_count; ++l) {
    if (pair_of_left[l] != none) chosen[l] = pairs[pair_of_left[l]].candidate;
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
