#include "shortest_paths.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>

namespace emile::models {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, double>>;

Graph make_graph(std::size_t n, const std::vector<Link>& links, const std::vector<double>& weights) {
  Graph graph(n);
  for (std::size_t e = 0; e < links.size(); ++e) {
    boost::add_edge(links[e].first, links[e].second, weights[e], graph);
  }
  return graph;
}

}  // namespace

std::vector<float> all_pairs_minutes(std::size_t n, const std::vector<Link>& links, const std::vector<double>& minutes_of_link,
                                     const sim::Executor& executor) {
  const Graph graph = make_graph(n, links, minutes_of_link);
  std::vector<float> minutes(n * n, infinite_minutes);
  executor.for_ranges(n, 1, [&](std::size_t first, std::size_t last) {
    std::vector<double> distances(n);
    for (std::size_t source = first; source != last; ++source) {
      boost::dijkstra_shortest_paths(
          graph, boost::vertex(source, graph),
          boost::distance_map(boost::make_iterator_property_map(distances.begin(),
                                                                boost::get(boost::vertex_index, graph))));
      for (std::size_t target = 0; target < n; ++target) {
        const double d = distances[target];
        minutes[source * n + target] =
            d < std::numeric_limits<double>::max() ? static_cast<float>(d) : infinite_minutes;
      }
    }
  });
  // The two directions sum the same edges in opposite orders and may differ in the last bit.
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
