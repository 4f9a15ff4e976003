#include "shortest_paths.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

namespace emile::models {
namespace {

// The links as adjacency lists in one array (compressed rows): the links of vertex v are entries
// first[v] … first[v + 1] − 1 of `to` and `minutes`, each link appearing once from each end.
struct Adjacency {
  std::vector<std::size_t> first;
  std::vector<std::uint32_t> to;
  std::vector<double> minutes;
};

Adjacency adjacency(std::size_t n, const std::vector<Link>& links, const std::vector<double>& minutes_of_link) {
  Adjacency graph;
  graph.first.assign(n + 1, 0);
  for (const auto& [a, b] : links) {
    ++graph.first[a + 1];
    ++graph.first[b + 1];
  }
  for (std::size_t v = 0; v < n; ++v) graph.first[v + 1] += graph.first[v];
  graph.to.resize(2 * links.size());
  graph.minutes.resize(2 * links.size());
  std::vector<std::size_t> next(graph.first.begin(), graph.first.end() - 1);
  for (std::size_t e = 0; e < links.size(); ++e) {
    const auto [a, b] = links[e];
    graph.to[next[a]] = static_cast<std::uint32_t>(b);
    graph.minutes[next[a]++] = minutes_of_link[e];
    graph.to[next[b]] = static_cast<std::uint32_t>(a);
    graph.minutes[next[b]++] = minutes_of_link[e];
  }
  return graph;
}

// What one thread's searches reuse: tentative times (+infinity outside a search), the vertices a search reached
// (to reset only those) and its queue.
struct Search {
  using Entry = std::pair<double, std::uint32_t>;  // tentative minutes, vertex

  explicit Search(std::size_t n) : minutes(n, std::numeric_limits<double>::infinity()) {}

  // Dijkstra from `source`: settles vertices in order of time and writes each one's time into `row` until the next
  // is beyond `reach`. The time of a settled vertex is the least, over its links, of the neighbour's time plus the
  // link's: the same value whatever order ties are settled in, so it is the time a search to the end would give.
  void run(const Adjacency& graph, std::size_t source, double reach, float* row) {
    const auto start = static_cast<std::uint32_t>(source);
    minutes[start] = 0;
    reached.push_back(start);
    queue.emplace_back(0.0, start);
    while (!queue.empty()) {
      std::pop_heap(queue.begin(), queue.end(), std::greater<>());
      const auto [time, v] = queue.back();
      queue.pop_back();
      if (time > minutes[v]) continue;  // superseded by a shorter time, already settled
      if (time > reach) break;          // every vertex left is at least as far
      row[v] = static_cast<float>(time);
      for (std::size_t e = graph.first[v]; e != graph.first[v + 1]; ++e) {
        const std::uint32_t w = graph.to[e];
        const double candidate = time + graph.minutes[e];
        if (candidate < minutes[w]) {
          if (minutes[w] == std::numeric_limits<double>::infinity()) reached.push_back(w);
          minutes[w] = candidate;
          queue.emplace_back(candidate, w);
          std::push_heap(queue.begin(), queue.end(), std::greater<>());
        }
      }
    }
    for (const std::uint32_t v : reached) minutes[v] = std::numeric_limits<double>::infinity();
    reached.clear();
    queue.clear();
  }

  std::vector<double> minutes;
  std::vector<std::uint32_t> reached;
  std::vector<Entry> queue;
};

}  // namespace

std::vector<float> all_pairs_minutes(std::size_t n, const std::vector<Link>& links, const std::vector<double>& minutes_of_link,
                                     double reach_minutes, const sim::Executor& executor) {
  const Adjacency graph = adjacency(n, links, minutes_of_link);
  std::vector<float> minutes(n * n, infinite_minutes);
  executor.for_ranges(n, 1, [&](std::size_t first, std::size_t last) {
    Search search(n);
    for (std::size_t source = first; source != last; ++source) {
      search.run(graph, source, reach_minutes, minutes.data() + source * n);
    }
  });
  // The two directions sum the same links in opposite orders and may differ in the last bit.
  for (std::size_t i = 0; i < n; ++i) {
    minutes[i * n + i] = 0;
    for (std::size_t j = i + 1; j < n; ++j) {
      const float d = std::min(minutes[i * n + j], minutes[j * n + i]);
      minutes[i * n + j] = d;
      minutes[j * n + i] = d;
    }
  }
  return minutes;
}

}  // namespace emile::models
