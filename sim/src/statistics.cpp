#include "emile/sim/statistics.hpp"

#include "emile/sim/distributions.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
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

double paired_t_p_value(std::span<const double> differences) {
  const std::size_t n = differences.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double m = mean(differences);
  const double se = std::sqrt(variance(differences) / static_cast<double>(n));
  if (se == 0) return m == 0 ? 1.0 : 0.0;
  const boost::math::students_t t(static_cast<double>(n - 1));
  return 2 * boost::math::cdf(boost::math::complement(t, std::abs(m) / se));
}

std::vector<double> holm_adjusted(std::span<const double> p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.begin(), p_values.end());
  const std::size_t m = order.size();
  double running = 0;
  for (std::size_t rank = 0; rank < m; ++rank) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - rank) * p_values[order[rank]]));
    adjusted[order[rank]] = running;
  }
  return adjusted;
}

Interval bootstrap_interval(std::span<const double> values, RandomStream stream) {
  const double m = mean(values);
  if (values.size() < 2) return {m, m, m};
  std::vector<double> means(bootstrap_resamples);
  const std::size_t n = values.size();
  for (double& resampled : means) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += values[uniform_index(stream, n)];
    resampled = sum / static_cast<double>(n);
  }
  return {m, quantile(means, 0.025), quantile(std::move(means), 0.975)};
}

Interval ratio_interval(std::span<const double> base, std::span<const double> variant) {
  if (base.size() != variant.size()) throw std::invalid_argument("ratio_interval: the pairs differ in number");
  const double b = mean(base), v = mean(variant);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(b > 0) || !(v > 0)) return {nan, nan, nan};
  const double ratio = v / b;
  const std::size_t n = base.size();
  if (n < 2) return {ratio, ratio, ratio};
  double covariance = 0;
  for (std::size_t i = 0; i < n; ++i) covariance += (base[i] - b) * (variant[i] - v);
  covariance /= static_cast<double>(n - 1);
  const double log_variance =
      (variance(variant) / (v * v) + variance(base) / (b * b) - 2 * covariance / (b * v)) / static_cast<double>(n);
  const double half = student_t_975(static_cast<int>(n - 1)) * std::sqrt(std::max(0.0, log_variance));
  return {ratio, ratio * std::exp(-half), ratio * std::exp(half)};
}

}  // namespace emile::sim
