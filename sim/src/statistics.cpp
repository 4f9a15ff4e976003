#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace emile::sim {

double mean(std::span<const double> values) {
  if (values.empty()) return 0.0;
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double variance(std::span<const double> values) {
  if (values.size() < 2) return 0.0;
  const double m = mean(values);
  double sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return sum / static_cast<double>(values.size() - 1);
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) throw std::invalid_argument("quantile of no values");
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("quantile q = " + std::to_string(q) + ": must be in [0, 1]");
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q) {
  if (values.empty() || values.size() != weights.size()) throw std::invalid_argument("weighted quantile: no values, or not one weight each");
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("quantile q = " + std::to_string(q) + ": must be in [0, 1]");
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0;
  for (const double w : weights) total += w;
  if (!(total > 0)) throw std::invalid_argument("weighted quantile: the weights sum to no more than 0");
  double cumulative = 0;
  for (const std::size_t i : order) {
    cumulative += weights[i];
    if (cumulative >= q * total) return values[i];
  }
  return values[order.back()];
}

double student_t_975(int df) {
  if (df < 1) throw std::invalid_argument("student_t_975: df = " + std::to_string(df) + ": must be at least 1");
  static constexpr std::array<double, 30> table = {
      12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
      2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
      2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df <= 30) return table[static_cast<std::size_t>(df - 1)];
  // Cornish–Fisher expansion around the normal quantile z = 1.959964.
  const double z = 1.959963984540054;
  const double n = df;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

Interval confidence_interval(std::span<const double> values) {
  const double m = mean(values);
  if (values.size() < 2) return {m, m, m};
  const double half = student_t_975(static_cast<int>(values.size() - 1)) * std::sqrt(variance(values) / static_cast<double>(values.size()));
  return {m, m - half, m + half};
}

}  // namespace emile::sim
