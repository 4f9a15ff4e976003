#include "emile/models/analyses/binding_constraint.hpp"

#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emile::models {

namespace {

// The largest number of replications reported as enough to separate two resources; beyond it, it is "more than".
constexpr std::size_t replications_searched = 1'000'000;

// The smallest n ≥ 2 at which the 95 % t interval of differences of mean `m` and standard deviation `sd` would
// exclude 0; none when m is 0.
std::optional<std::size_t> replications_to_exclude_zero(double m, double sd) {
  if (m == 0 || std::isnan(m)) return std::nullopt;
  for (std::size_t n = 2; n <= replications_searched; n = n < 64 ? n + 1 : n + n / 16) {
    if (sim::student_t_975(static_cast<int>(n - 1)) * sd / std::sqrt(static_cast<double>(n)) < std::abs(m)) return n;
  }
  return replications_searched;
}

}  // namespace

BindingVerdict binding_verdict(const std::vector<std::vector<double>>& gains) {
  BindingVerdict verdict;
  const std::size_t count = gains.size();
  verdict.binding = count;
  if (count == 0) return verdict;
  std::vector<double> means;
  for (const auto& g : gains) {
    means.push_back(sim::mean(g));
    verdict.p_values.push_back(sim::paired_t_p_value(g));
  }
  // A gain of exactly 0 in every replication is no chance result: under common random numbers the extra unit was
  // never used. Such resources are not tested, and do not count in the correction.
  const auto unused = [](const std::vector<double>& g) { return std::all_of(g.begin(), g.end(), [](double v) { return v == 0; }); };
  std::vector<double> tested = verdict.p_values;
  for (std::size_t i = 0; i < count; ++i) {
    if (unused(gains[i])) tested[i] = std::numeric_limits<double>::quiet_NaN();
  }
  verdict.holm_p_values = sim::holm_adjusted(tested);
  for (std::size_t i = 0; i < count; ++i) {
    if (unused(gains[i])) verdict.holm_p_values[i] = verdict.p_values[i];
    if (!unused(gains[i]) && !std::isnan(verdict.p_values[i])) ++verdict.tested;
  }
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return means[a] > means[b]; });
  verdict.top = order[0];
  verdict.runner_up = count > 1 ? order[1] : order[0];

  std::vector<double> apart;  // top − runner-up, replication by replication
  for (std::size_t r = 0; r < gains[verdict.top].size(); ++r) apart.push_back(gains[verdict.top][r] - gains[verdict.runner_up][r]);
  const sim::Interval separation = sim::confidence_interval(apart);
  const bool told_apart = count == 1 || (apart.size() >= 2 && separation.low > 0);
  const bool significant = means[verdict.top] > 0 && verdict.holm_p_values[verdict.top] < binding_error_rate;
  if (significant && told_apart) {
    verdict.binding = verdict.top;
  } else if (!told_apart && apart.size() >= 2) {
    verdict.replications_to_separate = replications_to_exclude_zero(sim::mean(apart), std::sqrt(sim::variance(apart)));
  }
  return verdict;
}

}  // namespace emile::models
