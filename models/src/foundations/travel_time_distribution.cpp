#include "emile/models/foundations/travel_time_distribution.hpp"

#include "argument_checks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace emile::models {

TravelTimeDistribution car_travel_time_distribution(const CommuneGraph& graph) {
  if (!std::isinf(graph.reach().car_minutes)) {
    throw std::invalid_argument("car_travel_time_distribution: the graph's car times stop at its reach (" +
                                describe(graph.reach()) + "); the distribution needs every pair: build the graph "
                                "with unlimited_reach");
  }
  const std::size_t n = graph.size();
  std::vector<std::pair<float, double>> pairs;
  pairs.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    const auto pi = static_cast<double>(graph.commune(i).population);
    if (pi <= 0) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      const auto pj = static_cast<double>(graph.commune(j).population);
      if (pj > 0) pairs.emplace_back(graph.car_minutes(i, j), pi * pj);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  TravelTimeDistribution distribution;
  double total = 0;
  for (const auto& [minutes, weight] : pairs) {
    total += weight;
    if (!distribution.minutes.empty() && distribution.minutes.back() == minutes) {
      distribution.cumulative.back() = total;
    } else {
      distribution.minutes.push_back(minutes);
      distribution.cumulative.push_back(total);
    }
  }
  for (double& c : distribution.cumulative) c /= total;
  if (!distribution.cumulative.empty()) distribution.cumulative.back() = 1.0;
  return distribution;
}

double quantile(const TravelTimeDistribution& distribution, double q) {
  if (distribution.minutes.empty()) throw std::invalid_argument("quantile: empty travel-time distribution");
  require(q >= 0 && q <= 1, "quantile: q", to_text(q), "must be within [0, 1]");
  const auto it = std::lower_bound(distribution.cumulative.begin(), distribution.cumulative.end(), q);
  const auto k = std::min(static_cast<std::size_t>(it - distribution.cumulative.begin()),
                          distribution.minutes.size() - 1);
  return distribution.minutes[k];
}

double kolmogorov_smirnov(const TravelTimeDistribution& a, const TravelTimeDistribution& b) {
  if (a.minutes.empty() || b.minutes.empty()) {
    throw std::invalid_argument("kolmogorov_smirnov: empty travel-time distribution");
  }
  std::size_t i = 0;
  std::size_t j = 0;
  double largest = 0;
  while (i < a.minutes.size() || j < b.minutes.size()) {
    float t = std::numeric_limits<float>::infinity();
    if (i < a.minutes.size()) t = a.minutes[i];
    if (j < b.minutes.size()) t = std::min(t, b.minutes[j]);
    while (i < a.minutes.size() && a.minutes[i] <= t) ++i;
    while (j < b.minutes.size() && b.minutes[j] <= t) ++j;
    const double fa = i == 0 ? 0.0 : a.cumulative[i - 1];
    const double fb = j == 0 ? 0.0 : b.cumulative[j - 1];
    largest = std::max(largest, std::abs(fa - fb));
  }
  return largest;
}

}  // namespace emile::models
