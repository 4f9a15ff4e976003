#pragma once
// Random variates built only from a stream's uniforms, so that a run gives the same numbers on every machine.
//
// The std:: distributions are never used: their algorithms differ between standard libraries. Everything
// here is plain IEEE-754 double arithmetic (build with -ffp-contract=off so that no multiply-add is fused)
// plus std::sqrt, std::log, std::log1p, std::exp and std::expm1. IEEE 754 requires sqrt, but not the other
// four, to be correctly rounded: results are identical on machines sharing a math library (glibc, say) and
// could differ in a last bit elsewhere, which the recorded values in test_distributions would reveal.
//
// Every function takes the stream by reference and draws from it. How many uniforms a call consumes is a
// deterministic function of the stream's state and the arguments; none is kept between calls.
// Invalid parameters throw std::invalid_argument, naming the function, the argument and its value:
//   "emile::sim::binomial: p = 1.5: must be in [0, 1]".
//
// Example — when an event with a yearly rate first happens, without a draw every step:
//   RandomStream stream(seed, purpose, household_id, 0);
//   const double p = per_step_probability(0.08, clock.step_days());  // 8 % a year
//   const std::uint64_t steps_until_event = geometric_trials(stream, p);  // 1 = the next step
#include "emile/sim/calendar.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace emile::sim {

/// A source of uniform doubles: `uniform()` returns a value in the open interval (0, 1), such as
/// RandomStream. Sources that also provide `std::uint64_t bits()` get exact integer draws in uniform_index.
template <class S>
concept UniformSource = requires(S& source) {
  { source.uniform() } -> std::same_as<double>;
};

/// Largest value geometric_trials returns (2⁶²): it stands for "not within 2⁶² − 1 trials".
inline constexpr std::uint64_t max_geometric_trials = std::uint64_t{1} << 62;
/// Largest accepted Poisson mean (2⁵²), so that every integer near the mean is an exact double.
inline constexpr double max_poisson_mean = 0x1p52;
/// Largest accepted number of binomial trials (2⁵²), for the same reason.
inline constexpr std::uint64_t max_binomial_trials = std::uint64_t{1} << 52;

namespace detail {

template <class S>
concept BitSource = requires(S& source) {
  { source.bits() } -> std::same_as<std::uint64_t>;
};

template <class T>
[[noreturn]] void throw_invalid(const char* function, const std::string& argument, T value, const char* rule) {
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);
  throw std::invalid_argument("emile::sim::" + std::string(function) + ": " + argument + " = " +
                              std::string(text, written.ptr) + ": " + rule);
}

// The comparisons are written so that NaN fails them.
inline void require_probability(const char* function, const char* argument, double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw_invalid(function, argument, p, "must be in [0, 1]");
}

inline void require_finite(const char* function, const char* argument, double value) {
  if (!std::isfinite(value)) throw_invalid(function, argument, value, "must be finite");
}

inline void require_non_negative(const char* function, const char* argument, double value) {
  if (!(value >= 0.0 && std::isfinite(value))) throw_invalid(function, argument, value, "must be finite and >= 0");
}

/// Sum of the weights, after checking there is at least one, each is finite and ≥ 0, and the sum is positive
/// and finite.
inline double validated_total(const char* function, std::span<const double> weights) {
  if (weights.empty()) throw_invalid(function, "weights.size()", weights.size(), "must be at least 1");
  double total = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] >= 0.0 && std::isfinite(weights[i])))
      throw_invalid(function, "weights[" + std::to_string(i) + "]", weights[i], "must be finite and >= 0");
    total += weights[i];
  }
  if (!(total > 0.0 && std::isfinite(total)))
    throw_invalid(function, "sum of weights", total, "must be positive and finite");
  return total;
}

struct WideProduct {
  std::uint64_t high;
  std::uint64_t low;
};

/// The high and low 64-bit words of x·y, from 32-bit halves (portable: no 128-bit integer type needed).
constexpr WideProduct multiply_wide(std::uint64_t x, std::uint64_t y) noexcept {
  constexpr std::uint64_t low_half = 0xffffffffu;
  const std::uint64_t low_low = (x & low_half) * (y & low_half);
  const std::uint64_t high_low = (x >> 32) * (y & low_half);
  const std::uint64_t low_high = (x & low_half) * (y >> 32);
  const std::uint64_t high_high = (x >> 32) * (y >> 32);
  // At most 2·(2³² − 1) + (2³² − 1)² = 2⁶⁴ − 1: cannot overflow.
  const std::uint64_t middle = (low_low >> 32) + (high_low & low_half) + low_high;
  return {high_high + (high_low >> 32) + (middle >> 32), (middle << 32) | (low_low & low_half)};
}

/// log(k!) − [(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)]: the correction to Stirling's formula for log(k!),
/// for an integer k ≥ 0 held in a double. Exact to within rounding: tabulated below 30, else its asymptotic
/// series, whose first omitted term is below 4·10⁻¹⁷ there.
inline double stirling_correction(double k) noexcept {
  static constexpr double table[30] = {
      0.081061466795327258,   0.041340695955409294,  0.027677925684998339,  0.020790672103765093,
      0.016644691189821192,   0.013876128823070748,  0.01189670994589177,   0.010411265261972096,
      0.0092554621827127329,  0.0083305634333628713, 0.0075736754879518408, 0.0069428401072095299,
      0.0064089941880042071,  0.0059513701127588477, 0.0055547335519628014, 0.0052076559196096404,
      0.0049013959484347379,  0.0046291537493340286, 0.0043855602492323243, 0.0041663196919969225,
      0.0039679542186408596,  0.0037876180684444346, 0.0036229602246830947, 0.003472021382978767,
      0.0033331556367280929,  0.003204970228055038,  0.0030862786826087771, 0.0029760639835504088,
      0.0028734493623524664,  0.0027776749297526936};
  if (k < 30.0) return table[static_cast<std::size_t>(k)];
  const double x = k + 1.0;
  const double inverse_square = 1.0 / (x * x);
  return (1.0 / 12.0 -
          inverse_square * (1.0 / 360.0 - inverse_square * (1.0 / 1260.0 - inverse_square * (1.0 / 1680.0)))) /
         x;
}

/// A standard normal variate by the polar form of Box–Muller (Marsaglia): only log and sqrt, no sin/cos
/// (whose results vary more between math libraries). Each attempt draws two uniforms and succeeds with
/// probability π/4. Of the two independent normals a success yields, only the first is returned: keeping the
/// second would carry state from one call to the next.
template <UniformSource S>
double standard_normal(S& stream) {
  for (;;) {
    const double x = 2.0 * stream.uniform() - 1.0;
    const double y = 2.0 * stream.uniform() - 1.0;
    const double radius_squared = x * x + y * y;
    if (radius_squared < 1.0 && radius_squared > 0.0)
      return x * std::sqrt(-2.0 * std::log(radius_squared) / radius_squared);
  }
}

/// Poisson by sequential search of the cdf from 0: one uniform and O(mean) steps.
template <UniformSource S>
std::uint64_t poisson_inversion(S& stream, double mean) {
  const double u = stream.uniform();
  double pmf = std::exp(-mean);
  double cdf = pmf;
  std::uint64_t k = 0;
  while (u > cdf) {
    ++k;
    pmf *= mean / static_cast<double>(k);
    const double next = cdf + pmf;
    // Rounding can leave the summed cdf a few ulps below a u close to 1: stop once terms no longer count.
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

/// Poisson by Hörmann's transformed rejection with squeeze, PTRS ("The transformed rejection method for
/// generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993). Valid for
/// mean ≥ 10; 2.7 uniforms per variate on average at mean 10, falling towards 2.25 for large means.
template <UniformSource S>
std::uint64_t poisson_ptrs(S& stream, double mean) {
  constexpr double half_log_two_pi = 0.91893853320467274;
  const double b = 0.931 + 2.53 * std::sqrt(mean);
  const double a = -0.059 + 0.02483 * b;
  const double log_inverse_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (k < 0.0) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    if (us < 0.013 && v > us) continue;
    // log of the pmf at k, −mean + k·log(mean) − log(k!), with log(k!) from Stirling's formula so that the
    // large terms k·log(mean) and log(k!) cancel algebraically rather than in floating point.
    const double log_pmf = (k + 1.0 - mean) + k * std::log1p((mean - k - 1.0) / (k + 1.0)) -
                           0.5 * std::log(k + 1.0) - half_log_two_pi - stirling_correction(k);
    if (std::log(v) + log_inverse_alpha - std::log(a / (us * us) + b) <= log_pmf)
      return static_cast<std::uint64_t>(k);
  }
}

/// Binomial by sequential search of the cdf from 0: one uniform and O(n·p) steps.
template <UniformSource S>
std::uint64_t binomial_inversion(S& stream, std::uint64_t n, double p) {
  const double trials = static_cast<double>(n);
  const double odds = p / (1.0 - p);
  const double u = stream.uniform();
  double pmf = std::exp(trials * std::log1p(-p));  // (1 − p)ⁿ, accurate for tiny p
  double cdf = pmf;
  std::uint64_t k = 0;
  while (u > cdf && k < n) {
    ++k;
    const double successes = static_cast<double>(k);
    pmf *= (trials - successes + 1.0) / successes * odds;
    const double next = cdf + pmf;
    // As in poisson_inversion: the summed cdf can stall a few ulps below a u close to 1.
    if (next == cdf) break;
    cdf = next;
  }
  return k;
}

/// Binomial by Hörmann's transformed rejection with squeeze, BTRS ("The generation of binomial random
/// variates", Journal of Statistical Computation and Simulation 46, 1993). Valid for p ≤ ½ and n·p ≥ 10;
/// 2.8 uniforms per variate on average at n·p = 10, falling towards 2.25 for large n·p.
template <UniformSource S>
std::uint64_t binomial_btrs(S& stream, std::uint64_t n, double p) {
  const double trials = static_cast<double>(n);
  const double q = 1.0 - p;
  const double spread = std::sqrt(trials * p * q);
  const double b = 1.15 + 2.53 * spread;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = trials * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spread;
  const double v_r = 0.92 - 4.2 / b;
  const double odds = p / q;
  const double mode = std::floor((trials + 1.0) * p);
  const double after_mode = trials - mode + 1.0;
  const double h = (mode + 0.5) * std::log((mode + 1.0) / (odds * after_mode)) + stirling_correction(mode) +
                   stirling_correction(trials - mode);
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > trials) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
    // log(pmf(k) / pmf(mode)) by Stirling's formula (Hörmann's step 3.3); log1p keeps (n + 1)·log(ratio near 1)
    // accurate for large n.
    const double after_k = trials - k + 1.0;
    const double log_ratio = h + (trials + 1.0) * std::log1p((k - mode) / after_k) +
                             (k + 0.5) * std::log(after_k * odds / (k + 1.0)) - stirling_correction(k) -
                             stirling_correction(trials - k);
    if (std::log(v * alpha / (a / (us * us) + b)) <= log_ratio) return static_cast<std::uint64_t>(k);
  }
}

}  // namespace detail

/// True with probability p ∈ [0, 1]. Draws one uniform.
template <UniformSource S>
bool bernoulli(S& stream, double p) {
  detail::require_probability("bernoulli", "p", p);
  return stream.uniform() < p;
}

/// Exponential waiting time with the given rate > 0 (mean 1/rate, in the reciprocal of the rate's unit).
/// Draws one uniform; the result is positive and finite.
template <UniformSource S>
double exponential(S& stream, double rate) {
  if (!(rate > 0.0 && std::isfinite(rate)))
    detail::throw_invalid("exponential", "rate", rate, "must be finite and > 0");
  return -std::log(stream.uniform()) / rate;
}

/// Normal variate with the given mean and standard deviation sd ≥ 0. Polar Box–Muller, returning one of
/// the pair it makes and discarding the other, so each call stands alone: 2 uniforms per attempt, 8/π ≈ 2.5
/// on average.
template <UniformSource S>
double normal(S& stream, double mean, double sd) {
  detail::require_finite("normal", "mean", mean);
  detail::require_non_negative("normal", "sd", sd);
  return mean + sd * detail::standard_normal(stream);
}

/// exp(N(mu, sigma²)): a lognormal variate whose logarithm has mean mu and standard deviation sigma ≥ 0
/// (so its median is exp(mu)). Same draws as normal().
template <UniformSource S>
double lognormal(S& stream, double mu, double sigma) {
  detail::require_finite("lognormal", "mu", mu);
  detail::require_non_negative("lognormal", "sigma", sigma);
  return std::exp(mu + sigma * detail::standard_normal(stream));
}

/// Number of Bernoulli(p) trials up to and including the first success (≥ 1), for p ∈ (0, 1]. This schedules an
/// event with per-step probability p without a draw every step: it first happens this many steps ahead
/// (1 = the next step). Inversion in O(1): one uniform (none when p = 1, which gives 1). Results beyond
/// max_geometric_trials are returned as max_geometric_trials.
template <UniformSource S>
std::uint64_t geometric_trials(S& stream, double p) {
  if (!(p > 0.0 && p <= 1.0)) detail::throw_invalid("geometric_trials", "p", p, "must be in (0, 1]");
  if (p == 1.0) return 1;
  // P(failures ≥ k) = (1 − p)ᵏ = P(u ≤ (1 − p)ᵏ), so failures = ⌊log u / log(1 − p)⌋.
  const double failures = std::floor(std::log(stream.uniform()) / std::log1p(-p));
  if (!(failures < 0x1p62)) return max_geometric_trials;
  return static_cast<std::uint64_t>(failures) + 1;
}

/// Poisson variate with the given mean ∈ [0, max_poisson_mean]. Exact up to floating-point rounding:
/// inversion (one uniform) for mean < 10, Hörmann's PTRS rejection (O(1) expected) above.
template <UniformSource S>
std::uint64_t poisson(S& stream, double mean) {
  if (!(mean >= 0.0 && mean <= max_poisson_mean))
    detail::throw_invalid("poisson", "mean", mean, "must be in [0, 2^52]");
  if (mean == 0.0) return 0;
  if (mean < 10.0) return detail::poisson_inversion(stream, mean);
  return detail::poisson_ptrs(stream, mean);
}

/// Number of successes in n ≤ max_binomial_trials Bernoulli(p) trials, p ∈ [0, 1]. Exact up to
/// floating-point rounding, in O(1) expected time for any n: with p' = min(p, 1 − p) (p > ½ is drawn as
/// n minus a binomial(n, 1 − p)), inversion (one uniform) when n·p' < 10, Hörmann's BTRS rejection otherwise.
/// No uniform is drawn when n = 0, p = 0 or p = 1.
template <UniformSource S>
std::uint64_t binomial(S& stream, std::uint64_t n, double p) {
  if (n > max_binomial_trials) detail::throw_invalid("binomial", "n", n, "must be at most 2^52");
  detail::require_probability("binomial", "p", p);
  if (n == 0 || p == 0.0) return 0;
  if (p == 1.0) return n;
  const bool flipped = p > 0.5;
  const double p_small = flipped ? 1.0 - p : p;  // exact for p > ½
  const std::uint64_t k = static_cast<double>(n) * p_small < 10.0 ? detail::binomial_inversion(stream, n, p_small)
                                                                  : detail::binomial_btrs(stream, n, p_small);
  return flipped ? n - k : k;
}

/// Uniform integer in [0, n), n ≥ 1, exactly unbiased when the stream has bits() (as RandomStream does):
/// Lemire's multiply-and-reject ("Fast random integer generation in an interval", ACM TOMACS 29, 2019),
/// usually one bits() call. A source with only uniform() gets ⌊u·n⌋: each index's probability is then off by
/// at most the spacing of that source's uniforms.
template <UniformSource S>
std::uint64_t uniform_index(S& stream, std::uint64_t n) {
  if (n == 0) detail::throw_invalid("uniform_index", "n", n, "must be at least 1");
  if constexpr (detail::BitSource<S>) {
    // The high word of bits·n is the index; low words below 2⁶⁴ mod n would favour some indices, so they
    // are redrawn. The modulo is needed only when the low word is below n.
    detail::WideProduct product = detail::multiply_wide(stream.bits(), n);
    if (product.low < n) {
      const std::uint64_t threshold = (std::uint64_t{0} - n) % n;  // 2⁶⁴ mod n
      while (product.low < threshold) product = detail::multiply_wide(stream.bits(), n);
    }
    return product.high;
  } else {
    const double index = std::floor(stream.uniform() * static_cast<double>(n));
    return std::min(static_cast<std::uint64_t>(index), n - 1);
  }
}

/// Index i drawn with probability weights[i] / Σ weights, by a linear scan of the cumulative weights: O(size)
/// per draw, one uniform. Weights must be finite and ≥ 0 with a positive sum; a zero weight is never drawn.
/// For many draws from the same weights, build an AliasTable.
template <UniformSource S>
std::size_t categorical(S& stream, std::span<const double> weights) {
  const double total = detail::validated_total("categorical", weights);
  const double target = stream.uniform() * total;
  double cumulative = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0.0) continue;
    cumulative += weights[i];
    last_positive = i;
    if (target < cumulative) return i;
  }
  // u·total can round up to total, which the scan (summing as validated_total did) reaches exactly.
  return last_positive;
}

/// Walker's alias table built by Vose's method: O(size) to build, then O(1) per draw of an index i with
/// probability weights[i] / Σ weights. Weights as for categorical(). Immutable once built, so draw() may be
/// called from several threads at once, each with its own stream.
class AliasTable {
 public:
  /// Throws std::invalid_argument if the weights are empty, negative, not finite, or sum to zero.
  explicit AliasTable(std::span<const double> weights);

  /// One draw: a column by uniform_index, then one uniform to keep it or take its alias.
  template <UniformSource S>
  std::size_t draw(S& stream) const {
    const auto column = static_cast<std::size_t>(uniform_index(stream, probability_.size()));
    return stream.uniform() < probability_[column] ? column : alias_[column];
  }

  /// Number of categories (the number of weights given).
  std::size_t size() const noexcept { return probability_.size(); }

 private:
  std::vector<double> probability_;  // chance that a draw landing in column i keeps i rather than alias_[i]
  std::vector<std::size_t> alias_;
};

inline AliasTable::AliasTable(std::span<const double> weights)
    : probability_(weights.size()), alias_(weights.size()) {
  const double total = detail::validated_total("AliasTable", weights);
  const std::size_t n = weights.size();
  // Each column holds mass 1 once weights are scaled to average 1; a column short of 1 is topped up by one
  // column with more than 1.
  std::vector<double> scaled(n);
  std::vector<std::size_t> short_columns;
  std::vector<std::size_t> full_columns;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] / total * static_cast<double>(n);
    (scaled[i] < 1.0 ? short_columns : full_columns).push_back(i);
  }
  while (!short_columns.empty() && !full_columns.empty()) {
    const std::size_t short_column = short_columns.back();
    short_columns.pop_back();
    const std::size_t donor = full_columns.back();
    full_columns.pop_back();
    probability_[short_column] = scaled[short_column];
    alias_[short_column] = donor;
    scaled[donor] = (scaled[donor] + scaled[short_column]) - 1.0;  // Vose's order, the more accurate one
    (scaled[donor] < 1.0 ? short_columns : full_columns).push_back(donor);
  }
  // What is left has mass 1 up to rounding and keeps its own index. A zero weight is never left over: its
  // shortfall of 1 far exceeds any accumulated rounding.
  for (const std::size_t i : full_columns) {
    probability_[i] = 1.0;
    alias_[i] = i;
  }
  for (const std::size_t i : short_columns) {
    probability_[i] = 1.0;
    alias_[i] = i;
  }
}

/// Probability that an event with a constant yearly rate (≥ 0, per year) happens at least once during a step of
/// step_days (≥ 0) days: 1 − exp(−rate_per_year · step_days / days_per_year), a year being 365.25 days. The
/// step is converted to years first, exactly as Clock::step_years does. Computed as −expm1(−x), accurate
/// for small rates.
inline double per_step_probability(double rate_per_year, double step_days) {
  detail::require_non_negative("per_step_probability", "rate_per_year", rate_per_year);
  detail::require_non_negative("per_step_probability", "step_days", step_days);
  return -std::expm1(-rate_per_year * (step_days / days_per_year));
}

}  // namespace emile::sim
