#include <emile/sim/distributions.hpp>
#include <emile/sim/random_stream.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace emile::sim;

// Statistical checks use fixed keys, so they pass or fail deterministically; a tolerance of 5 standard
// errors would be exceeded by a correct generator with probability about 6·10⁻⁷ per check.
constexpr double standard_errors = 5.0;

RandomStream stream_for(std::uint64_t entity) {
  return RandomStream({.seed = 20240601, .replication = 0}, /*purpose=*/99, entity, 0);
}

struct Moments {
  double mean;
  double variance;  // unbiased sample variance
};

Moments sample_moments(std::size_t count, const std::function<double()>& draw) {
  // Welford's update: no cancellation for large values such as Poisson(10¹²).
  double mean = 0.0;
  double sum_of_squares = 0.0;
  for (std::size_t i = 1; i <= count; ++i) {
    const double x = draw();
    const double delta = x - mean;
    mean += delta / static_cast<double>(i);
    sum_of_squares += delta * (x - mean);
  }
  return {mean, sum_of_squares / static_cast<double>(count - 1)};
}

// Draws `count` values and checks their mean and variance against exact ones, each within 5 standard errors:
// sqrt(σ²/N) for the mean, and for the variance sqrt((μ₄ − σ⁴)/N), the large-sample standard error of a
// sample variance, where μ₄ is the distribution's fourth central moment.
void expect_moments(std::size_t count, const std::function<double()>& draw, double mean, double variance,
                    double fourth_central_moment) {
  const Moments sample = sample_moments(count, draw);
  const double n = static_cast<double>(count);
  EXPECT_NEAR(sample.mean, mean, standard_errors * std::sqrt(variance / n)) << "mean";
  EXPECT_NEAR(sample.variance, variance,
              standard_errors * std::sqrt((fourth_central_moment - variance * variance) / n))
      << "variance";
}

double binomial_pmf(std::uint64_t n, double p, std::uint64_t k) {
  const double dn = static_cast<double>(n);
  const double dk = static_cast<double>(k);
  return std::exp(std::lgamma(dn + 1.0) - std::lgamma(dk + 1.0) - std::lgamma(dn - dk + 1.0) + dk * std::log(p) +
                  (dn - dk) * std::log1p(-p));
}

double poisson_pmf(double mean, std::uint64_t k) {
  const double dk = static_cast<double>(k);
  return std::exp(-mean + dk * std::log(mean) - std::lgamma(dk + 1.0));
}

// Pearson's chi-square test of `count` draws against a pmf on 0…max_value (max_value's bin also takes
// everything above it). Adjacent values are pooled until every bin expects at least 5 draws, so that the
// statistic follows the chi-square law closely. The critical value is the upper 5-standard-error quantile
// (tail probability ≈ 3·10⁻⁷) by the Wilson–Hilferty approximation.
void expect_matches_pmf(std::size_t count, const std::function<std::uint64_t()>& draw,
                        const std::function<double(std::uint64_t)>& pmf, std::uint64_t max_value) {
  constexpr double min_expected = 5.0;
  const double n = static_cast<double>(count);
  std::vector<double> expected_per_value(max_value + 1);
  double below_max = 0.0;
  for (std::uint64_t k = 0; k < max_value; ++k) {
    expected_per_value[k] = n * pmf(k);
    below_max += expected_per_value[k];
  }
  expected_per_value[max_value] = n - below_max;

  std::vector<std::size_t> bin_of(max_value + 1);
  std::vector<double> expected{0.0};
  double remaining = n;
  for (std::uint64_t k = 0; k <= max_value; ++k) {
    bin_of[k] = expected.size() - 1;
    expected.back() += expected_per_value[k];
    remaining -= expected_per_value[k];
    if (expected.back() >= min_expected && remaining >= min_expected) expected.push_back(0.0);
  }

  std::vector<double> observed(expected.size(), 0.0);
  for (std::size_t i = 0; i < count; ++i) observed[bin_of[std::min(draw(), max_value)]] += 1.0;

  double statistic = 0.0;
  for (std::size_t b = 0; b < expected.size(); ++b)
    statistic += (observed[b] - expected[b]) * (observed[b] - expected[b]) / expected[b];
  const double degrees = static_cast<double>(expected.size() - 1);
  const double spread = std::sqrt(2.0 / (9.0 * degrees));
  const double critical = degrees * std::pow(1.0 - 2.0 / (9.0 * degrees) + standard_errors * spread, 3.0);
  EXPECT_GE(expected.size(), 8u) << "too few bins for a meaningful test";
  EXPECT_LT(statistic, critical) << expected.size() << " bins";
}

// Checks draws from a categorical law: each category's frequency within 5 standard errors
// sqrt(p(1 − p)/N) of its probability, and zero-weight categories never drawn.
void expect_frequencies(std::size_t count, const std::function<std::size_t()>& draw,
                        const std::vector<double>& weights) {
  std::vector<double> drawn(weights.size(), 0.0);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t index = draw();
    ASSERT_LT(index, weights.size());
    drawn[index] += 1.0;
  }
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  const double n = static_cast<double>(count);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double p = weights[i] / total;
    if (p == 0.0) {
      EXPECT_EQ(drawn[i], 0.0) << "category " << i;
    } else {
      EXPECT_NEAR(drawn[i] / n, p, standard_errors * std::sqrt(p * (1.0 - p) / n)) << "category " << i;
    }
  }
}

// The message of the std::invalid_argument that `call` throws.
std::string invalid_argument_message(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "nothing thrown";
}

// A source with uniforms only, as UniformSource allows.
struct UniformsOnly {
  RandomStream stream;
  double uniform() { return stream.uniform(); }
};

// A source replaying given 64-bit words, to pin down uniform_index's integer arithmetic.
struct ReplayedBits {
  std::vector<std::uint64_t> words;
  std::size_t next = 0;
  std::uint64_t bits() { return words.at(next++); }
  double uniform() { return (static_cast<double>(bits() >> 12) + 0.5) * 0x1p-52; }
};

constexpr std::size_t sample_size = 200'000;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

struct BinomialCase {
  std::uint64_t n;
  double p;
};

void expect_binomial_moments(RandomStream& stream, const BinomialCase& c) {
  const double n = static_cast<double>(c.n);
  const double npq = n * c.p * (1.0 - c.p);
  expect_moments(sample_size, [&] { return static_cast<double>(binomial(stream, c.n, c.p)); }, n * c.p, npq,
                 npq * (1.0 + 3.0 * (n - 2.0) * c.p * (1.0 - c.p)));
}

TEST(Bernoulli, matches_mean_and_variance) {
  RandomStream stream = stream_for(1);
  const double p = 0.3;
  const double pq = p * (1.0 - p);
  expect_moments(sample_size, [&] { return bernoulli(stream, p) ? 1.0 : 0.0; }, p, pq, pq * (1.0 - 3.0 * pq));
}

TEST(Bernoulli, is_never_true_at_zero_and_always_true_at_one) {
  RandomStream stream = stream_for(2);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_FALSE(bernoulli(stream, 0.0));
    EXPECT_TRUE(bernoulli(stream, 1.0));
  }
}

TEST(Bernoulli, rejects_probabilities_outside_zero_one) {
  RandomStream stream = stream_for(3);
  EXPECT_EQ(invalid_argument_message([&] { bernoulli(stream, -0.25); }),
            "emile::sim::bernoulli: p = -0.25: must be in [0, 1]");
  EXPECT_THROW(bernoulli(stream, 1.5), std::invalid_argument);
  EXPECT_THROW(bernoulli(stream, nan), std::invalid_argument);
}

TEST(Exponential, matches_mean_and_variance) {
  RandomStream stream = stream_for(4);
  const double rate = 2.5;
  const double variance = 1.0 / (rate * rate);
  expect_moments(sample_size, [&] { return exponential(stream, rate); }, 1.0 / rate, variance,
                 9.0 * variance * variance);
}

TEST(Exponential, rejects_rates_that_are_not_positive_and_finite) {
  RandomStream stream = stream_for(5);
  EXPECT_EQ(invalid_argument_message([&] { exponential(stream, 0.0); }),
            "emile::sim::exponential: rate = 0: must be finite and > 0");
  EXPECT_THROW(exponential(stream, -1.0), std::invalid_argument);
  EXPECT_THROW(exponential(stream, infinity), std::invalid_argument);
  EXPECT_THROW(exponential(stream, nan), std::invalid_argument);
}

TEST(Normal, matches_mean_and_variance) {
  RandomStream stream = stream_for(6);
  const double sd = 2.0;
  const double variance = sd * sd;
  expect_moments(sample_size, [&] { return normal(stream, -3.0, sd); }, -3.0, variance, 3.0 * variance * variance);
}

TEST(Normal, is_symmetric_about_its_mean) {
  // Polar Box–Muller returns x·factor: a sign error or a bias towards one half-plane would show here.
  RandomStream stream = stream_for(7);
  double above = 0.0;
  for (std::size_t i = 0; i < sample_size; ++i) above += normal(stream, 1.0, 1.0) > 1.0;
  const double n = static_cast<double>(sample_size);
  EXPECT_NEAR(above / n, 0.5, standard_errors * std::sqrt(0.25 / n));
}

TEST(Normal, returns_the_mean_when_sd_is_zero) {
  RandomStream stream = stream_for(8);
  EXPECT_EQ(normal(stream, 4.25, 0.0), 4.25);
}

TEST(Normal, rejects_negative_sd_and_non_finite_mean) {
  RandomStream stream = stream_for(9);
  EXPECT_EQ(invalid_argument_message([&] { normal(stream, 0.0, -1.0); }),
            "emile::sim::normal: sd = -1: must be finite and >= 0");
  EXPECT_EQ(invalid_argument_message([&] { normal(stream, infinity, 1.0); }),
            "emile::sim::normal: mean = inf: must be finite");
  EXPECT_THROW(normal(stream, 0.0, nan), std::invalid_argument);
}

TEST(Lognormal, matches_mean_and_variance) {
  RandomStream stream = stream_for(10);
  const double mu = 0.5;
  const double sigma = 0.4;
  // Raw moments E[Xᵏ] = exp(k·mu + k²·sigma²/2), then the central ones from them.
  const auto raw = [&](double k) { return std::exp(k * mu + k * k * sigma * sigma / 2.0); };
  const double mean = raw(1);
  const double variance = raw(2) - mean * mean;
  const double fourth = raw(4) - 4.0 * raw(3) * mean + 6.0 * raw(2) * mean * mean - 3.0 * std::pow(mean, 4.0);
  expect_moments(sample_size, [&] { return lognormal(stream, mu, sigma); }, mean, variance, fourth);
}

TEST(Lognormal, rejects_negative_sigma_and_non_finite_mu) {
  RandomStream stream = stream_for(11);
  EXPECT_EQ(invalid_argument_message([&] { lognormal(stream, 0.0, -0.5); }),
            "emile::sim::lognormal: sigma = -0.5: must be finite and >= 0");
  EXPECT_THROW(lognormal(stream, nan, 1.0), std::invalid_argument);
}

TEST(GeometricTrials, matches_mean_one_over_p_and_variance) {
  for (const double p : {0.3, 0.01, 1e-9}) {
    RandomStream stream = stream_for(12);
    const double variance = (1.0 - p) / (p * p);
    // Fourth central moment: σ⁴ times the kurtosis 9 + p²/(1 − p).
    expect_moments(sample_size, [&] { return static_cast<double>(geometric_trials(stream, p)); }, 1.0 / p,
                   variance, variance * variance * (9.0 + p * p / (1.0 - p)));
  }
}

TEST(GeometricTrials, takes_one_trial_when_success_is_certain) {
  RandomStream stream = stream_for(13);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(geometric_trials(stream, 1.0), 1u);
}

TEST(GeometricTrials, inverts_the_uniform) {
  // u = 2⁻⁵³ (all-zero bits) with 1 − p = ¼: failures = ⌊53·log 2 / log 4⌋ = ⌊26.5⌋ = 26.
  ReplayedBits smallest_uniform{{0}};
  EXPECT_EQ(geometric_trials(smallest_uniform, 0.75), 27u);
  ReplayedBits largest_uniform{{~std::uint64_t{0}}};
  EXPECT_EQ(geometric_trials(largest_uniform, 0.75), 1u);
}

TEST(GeometricTrials, is_at_least_one_and_caps_at_the_documented_maximum) {
  RandomStream stream = stream_for(14);
  for (int i = 0; i < 10'000; ++i) EXPECT_GE(geometric_trials(stream, 0.9), 1u);
  for (int i = 0; i < 1'000; ++i) EXPECT_EQ(geometric_trials(stream, 1e-300), max_geometric_trials);
  EXPECT_EQ(max_geometric_trials, std::uint64_t{1} << 62);
}

TEST(GeometricTrials, rejects_probabilities_outside_zero_exclusive_one_inclusive) {
  RandomStream stream = stream_for(15);
  EXPECT_EQ(invalid_argument_message([&] { geometric_trials(stream, 0.0); }),
            "emile::sim::geometric_trials: p = 0: must be in (0, 1]");
  EXPECT_THROW(geometric_trials(stream, 1.25), std::invalid_argument);
  EXPECT_THROW(geometric_trials(stream, nan), std::invalid_argument);
}

TEST(Poisson, matches_mean_and_variance_in_inversion_regime) {
  RandomStream stream = stream_for(16);
  const double mean = 3.0;
  expect_moments(sample_size, [&] { return static_cast<double>(poisson(stream, mean)); }, mean, mean,
                 mean * (1.0 + 3.0 * mean));
}

TEST(Poisson, matches_mean_and_variance_in_rejection_regime) {
  for (const double mean : {10.0, 1000.0, 1e12}) {
    RandomStream stream = stream_for(17);
    expect_moments(sample_size, [&] { return static_cast<double>(poisson(stream, mean)); }, mean, mean,
                   mean * (1.0 + 3.0 * mean));
  }
}

TEST(Poisson, matches_pmf_in_inversion_regime) {
  RandomStream stream = stream_for(18);
  expect_matches_pmf(500'000, [&] { return poisson(stream, 4.0); }, [](std::uint64_t k) { return poisson_pmf(4.0, k); },
                     40);
}

TEST(Poisson, matches_pmf_in_rejection_regime) {
  for (const double mean : {10.0, 37.5, 1e5}) {
    RandomStream stream = stream_for(19);
    expect_matches_pmf(500'000, [&] { return poisson(stream, mean); },
                       [&](std::uint64_t k) { return poisson_pmf(mean, k); },
                       static_cast<std::uint64_t>(mean + 10.0 * std::sqrt(mean) + 50.0));
  }
}

TEST(Poisson, is_zero_when_the_mean_is_zero) {
  RandomStream stream = stream_for(20);
  EXPECT_EQ(poisson(stream, 0.0), 0u);
}

TEST(Poisson, inversion_ends_for_the_extreme_uniforms) {
  // The largest uniform, 1 − 2⁻⁵³, lies beyond the cdf as summed in doubles: the search must still stop,
  // far in the tail.
  ReplayedBits largest_uniform{{~std::uint64_t{0}}};
  const std::uint64_t tail = poisson(largest_uniform, 9.5);
  EXPECT_GT(tail, 30u);
  EXPECT_LT(tail, 60u);
  ReplayedBits smallest_uniform{{0}};
  EXPECT_EQ(poisson(smallest_uniform, 9.5), 0u);
}

TEST(Poisson, rejects_negative_non_finite_and_too_large_means) {
  RandomStream stream = stream_for(21);
  EXPECT_EQ(invalid_argument_message([&] { poisson(stream, -2.0); }),
            "emile::sim::poisson: mean = -2: must be in [0, 2^52]");
  EXPECT_THROW(poisson(stream, infinity), std::invalid_argument);
  EXPECT_THROW(poisson(stream, nan), std::invalid_argument);
  EXPECT_THROW(poisson(stream, 2.0 * max_poisson_mean), std::invalid_argument);
}

TEST(Binomial, matches_mean_and_variance_in_inversion_regime) {
  // The second case has n·p = 5 with a tiny p, where (1 − p)ⁿ must be computed without cancellation.
  for (const BinomialCase& c : {BinomialCase{20, 0.3}, {100'000'000, 5e-8}}) {
    RandomStream stream = stream_for(22);
    expect_binomial_moments(stream, c);
  }
}

TEST(Binomial, matches_mean_and_variance_in_rejection_regime) {
  for (const BinomialCase& c : {BinomialCase{1'000'000, 0.4}, {100'000'000, 0.3}, {40, 0.25}}) {
    RandomStream stream = stream_for(23);
    expect_binomial_moments(stream, c);
  }
}

TEST(Binomial, matches_mean_and_variance_above_one_half_by_symmetry) {
  // Inversion (n·(1 − p) = 1.5) and rejection (n·(1 − p) = 10⁴) on the reflected side.
  for (const BinomialCase& c : {BinomialCase{30, 0.95}, {100'000, 0.9}}) {
    RandomStream stream = stream_for(24);
    expect_binomial_moments(stream, c);
  }
}

TEST(Binomial, matches_pmf_in_inversion_regime) {
  RandomStream stream = stream_for(25);
  expect_matches_pmf(500'000, [&] { return binomial(stream, 20, 0.3); },
                     [](std::uint64_t k) { return binomial_pmf(20, 0.3, k); }, 20);
}

TEST(Binomial, matches_pmf_in_rejection_regime) {
  // n·p = 12 is near the smallest n·p rejection is used for, where its hat fits least tightly; p = 0.6
  // is drawn as n minus a binomial(n, 0.4).
  for (const BinomialCase& c : {BinomialCase{40, 0.3}, {500, 0.6}, {100'000, 0.4}}) {
    RandomStream stream = stream_for(26);
    expect_matches_pmf(500'000, [&] { return binomial(stream, c.n, c.p); },
                       [&](std::uint64_t k) { return binomial_pmf(c.n, c.p, k); }, c.n);
  }
}

TEST(Binomial, returns_the_certain_outcome_without_drawing) {
  RandomStream stream = stream_for(27);
  RandomStream untouched = stream_for(27);
  EXPECT_EQ(binomial(stream, 0, 0.5), 0u);
  EXPECT_EQ(binomial(stream, 1000, 0.0), 0u);
  EXPECT_EQ(binomial(stream, 1000, 1.0), 1000u);
  EXPECT_EQ(stream.bits(), untouched.bits());
}

TEST(Binomial, never_exceeds_n) {
  RandomStream stream = stream_for(28);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_LE(binomial(stream, 3, 0.5), 3u);
    EXPECT_LE(binomial(stream, 25, 0.45), 25u);
  }
}

TEST(Binomial, inversion_ends_for_the_extreme_uniforms) {
  ReplayedBits largest_uniform{{~std::uint64_t{0}}};
  const std::uint64_t tail = binomial(largest_uniform, 1000, 0.009);
  EXPECT_GT(tail, 20u);
  EXPECT_LT(tail, 60u);
  ReplayedBits smallest_uniform{{0}};
  EXPECT_EQ(binomial(smallest_uniform, 1000, 0.009), 0u);
  ReplayedBits largest_for_all_trials{{~std::uint64_t{0}}};
  EXPECT_EQ(binomial(largest_for_all_trials, 3, 0.5), 3u);
}

TEST(Binomial, rejects_probabilities_outside_zero_one_and_too_many_trials) {
  RandomStream stream = stream_for(29);
  EXPECT_EQ(invalid_argument_message([&] { binomial(stream, 10, 1.5); }),
            "emile::sim::binomial: p = 1.5: must be in [0, 1]");
  EXPECT_EQ(invalid_argument_message([&] { binomial(stream, max_binomial_trials + 1, 0.5); }),
            "emile::sim::binomial: n = 4503599627370497: must be at most 2^52");
  EXPECT_THROW(binomial(stream, 10, nan), std::invalid_argument);
}

TEST(UniformIndex, matches_mean_and_variance_of_the_discrete_uniform) {
  RandomStream stream = stream_for(30);
  const double n = 1000.0;
  const double variance = (n * n - 1.0) / 12.0;
  expect_moments(sample_size, [&] { return static_cast<double>(uniform_index(stream, 1000)); }, (n - 1.0) / 2.0,
                 variance, (n * n - 1.0) * (3.0 * n * n - 7.0) / 240.0);
}

TEST(UniformIndex, is_unbiased_for_a_range_near_two_to_the_64) {
  // For n = 3·2⁶², bits % n would land below 2⁶² half the time instead of a third.
  RandomStream stream = stream_for(31);
  const std::uint64_t n = 3 * (std::uint64_t{1} << 62);
  double below = 0.0;
  for (std::size_t i = 0; i < sample_size; ++i) {
    const std::uint64_t index = uniform_index(stream, n);
    ASSERT_LT(index, n);
    below += index < (std::uint64_t{1} << 62);
  }
  const double count = static_cast<double>(sample_size);
  EXPECT_NEAR(below / count, 1.0 / 3.0, standard_errors * std::sqrt(2.0 / 9.0 / count));
}

TEST(UniformIndex, takes_the_high_word_of_bits_times_n_and_redraws_biased_low_words) {
  // n = 3·2⁶²: bits·n has high word ⌊3·bits/4⌋ and low word (3·bits mod 4)·2⁶²; 2⁶⁴ mod n = 2⁶², so a
  // low word of 0 (bits divisible by 4) is redrawn.
  const std::uint64_t n = 3 * (std::uint64_t{1} << 62);
  ReplayedBits source{{8, 5}};
  EXPECT_EQ(uniform_index(source, n), 3u);
  EXPECT_EQ(source.next, 2u);
  ReplayedBits all_ones{{~std::uint64_t{0}}};
  EXPECT_EQ(uniform_index(all_ones, n), n - 1);
  ReplayedBits any{{0x0123456789abcdefULL}};
  EXPECT_EQ(uniform_index(any, 1), 0u);
}

TEST(UniformIndex, works_from_uniforms_alone) {
  UniformsOnly source{stream_for(32)};
  const double n = 10.0;
  const double variance = (n * n - 1.0) / 12.0;
  expect_moments(sample_size, [&] { return static_cast<double>(uniform_index(source, 10)); }, (n - 1.0) / 2.0,
                 variance, (n * n - 1.0) * (3.0 * n * n - 7.0) / 240.0);
  EXPECT_EQ(uniform_index(source, 1), 0u);
}

TEST(UniformIndex, rejects_an_empty_range) {
  RandomStream stream = stream_for(33);
  EXPECT_EQ(invalid_argument_message([&] { uniform_index(stream, 0); }),
            "emile::sim::uniform_index: n = 0: must be at least 1");
}

TEST(Categorical, frequencies_match_weights) {
  RandomStream stream = stream_for(34);
  const std::vector<double> weights{2.0, 0.0, 5.0, 1.0, 0.5, 0.0};
  expect_frequencies(sample_size, [&] { return categorical(stream, weights); }, weights);
}

TEST(Categorical, always_draws_the_only_positive_weight) {
  RandomStream stream = stream_for(35);
  const std::vector<double> weights{0.0, 0.0, 3.0, 0.0};
  for (int i = 0; i < 10'000; ++i) EXPECT_EQ(categorical(stream, weights), 2u);
}

TEST(Categorical, rejects_empty_negative_non_finite_and_all_zero_weights) {
  RandomStream stream = stream_for(36);
  EXPECT_EQ(invalid_argument_message([&] { categorical(stream, std::vector<double>{}); }),
            "emile::sim::categorical: weights.size() = 0: must be at least 1");
  EXPECT_EQ(invalid_argument_message([&] { categorical(stream, std::vector{1.0, -2.0}); }),
            "emile::sim::categorical: weights[1] = -2: must be finite and >= 0");
  EXPECT_EQ(invalid_argument_message([&] { categorical(stream, std::vector{0.0, 0.0}); }),
            "emile::sim::categorical: sum of weights = 0: must be positive and finite");
  EXPECT_THROW(categorical(stream, std::vector{1.0, nan}), std::invalid_argument);
  EXPECT_THROW(categorical(stream, std::vector{infinity}), std::invalid_argument);
  EXPECT_THROW(categorical(stream, std::vector{1e308, 1e308}), std::invalid_argument);  // the sum overflows
}

TEST(AliasTable, frequencies_match_weights) {
  RandomStream stream = stream_for(37);
  const std::vector<double> weights{0.1, 7.0, 0.0, 2.5, 2.5, 0.003, 1.0, 0.0, 12.0, 0.4};
  const AliasTable table(weights);
  EXPECT_EQ(table.size(), weights.size());
  expect_frequencies(sample_size, [&] { return table.draw(stream); }, weights);
}

TEST(AliasTable, frequencies_match_equal_weights) {
  RandomStream stream = stream_for(38);
  const std::vector<double> weights(7, 0.2);  // every column exactly full, up to rounding
  const AliasTable table(weights);
  expect_frequencies(sample_size, [&] { return table.draw(stream); }, weights);
}

TEST(AliasTable, always_draws_the_only_category) {
  RandomStream stream = stream_for(39);
  const AliasTable table(std::vector{4.0});
  EXPECT_EQ(table.size(), 1u);
  for (int i = 0; i < 1'000; ++i) EXPECT_EQ(table.draw(stream), 0u);
}

TEST(AliasTable, rejects_empty_negative_and_all_zero_weights) {
  EXPECT_EQ(invalid_argument_message([] { AliasTable(std::vector<double>{}); }),
            "emile::sim::AliasTable: weights.size() = 0: must be at least 1");
  EXPECT_EQ(invalid_argument_message([] { AliasTable(std::vector{0.0, -1.0}); }),
            "emile::sim::AliasTable: weights[1] = -1: must be finite and >= 0");
  EXPECT_THROW(AliasTable(std::vector{0.0, 0.0}), std::invalid_argument);
}

TEST(PerStepProbability, is_one_minus_exp_of_minus_rate_times_step_in_julian_years) {
  EXPECT_NEAR(per_step_probability(0.1, 7.0), 1.0 - std::exp(-0.1 * 7.0 / 365.25), 1e-16);
  EXPECT_NEAR(per_step_probability(std::log(2.0), 365.25), 0.5, 1e-15);
  EXPECT_EQ(per_step_probability(0.0, 7.0), 0.0);
  EXPECT_EQ(per_step_probability(3.0, 0.0), 0.0);
}

TEST(PerStepProbability, keeps_full_relative_accuracy_for_tiny_rates) {
  // 1 − exp(−x) would lose about half the digits here; −expm1(−x) is within rounding of x − x²/2.
  const double x = 1e-10 * (1.0 / 365.25);
  EXPECT_NEAR(per_step_probability(1e-10, 1.0) / (x - x * x / 2.0), 1.0, 1e-15);
}

TEST(PerStepProbability, rejects_negative_and_non_finite_arguments) {
  EXPECT_EQ(invalid_argument_message([] { per_step_probability(-0.5, 7.0); }),
            "emile::sim::per_step_probability: rate_per_year = -0.5: must be finite and >= 0");
  EXPECT_EQ(invalid_argument_message([] { per_step_probability(0.5, -7.0); }),
            "emile::sim::per_step_probability: step_days = -7: must be finite and >= 0");
  EXPECT_THROW(per_step_probability(nan, 7.0), std::invalid_argument);
}

TEST(Distributions, repeat_exactly_from_the_same_stream_key) {
  const auto draws = [] {
    RandomStream stream = stream_for(40);
    const AliasTable table(std::vector{1.0, 2.0, 3.0});
    std::vector<double> values;
    for (int i = 0; i < 200; ++i) {
      values.push_back(normal(stream, 0.0, 1.0));
      values.push_back(lognormal(stream, 0.0, 1.0));
      values.push_back(exponential(stream, 1.0));
      values.push_back(static_cast<double>(geometric_trials(stream, 0.05)));
      values.push_back(static_cast<double>(poisson(stream, 3.0)));
      values.push_back(static_cast<double>(poisson(stream, 5000.0)));
      values.push_back(static_cast<double>(binomial(stream, 50, 0.1)));
      values.push_back(static_cast<double>(binomial(stream, 1'000'000, 0.7)));
      values.push_back(static_cast<double>(uniform_index(stream, 17)));
      values.push_back(static_cast<double>(categorical(stream, std::vector{1.0, 2.0, 3.0})));
      values.push_back(static_cast<double>(table.draw(stream)));
    }
    return values;
  };
  EXPECT_EQ(draws(), draws());
}

TEST(Distributions, give_the_recorded_values_for_a_fixed_key) {
  // Recorded with GCC on x86-64 Linux (glibc). A mismatch elsewhere means that machine's math library or
  // floating-point settings (such as fused multiply-add) change results, breaking cross-machine
  // reproducibility. Re-record only when an algorithm is changed on purpose.
  RandomStream stream({.seed = 20240601, .replication = 0}, 99, 41, 0);
  EXPECT_EQ(stream.uniform(), 0x1.a4a61522d7329p-1);
  EXPECT_EQ(normal(stream, 0.0, 1.0), 0x1.43aca36c117abp-1);
  EXPECT_EQ(lognormal(stream, 0.0, 1.0), 0x1.8e4e991d1f66p+0);
  EXPECT_EQ(exponential(stream, 1.0), 0x1.effb65506082p-1);
  EXPECT_EQ(geometric_trials(stream, 0.05), 9u);
  EXPECT_EQ(poisson(stream, 3.0), 4u);
  EXPECT_EQ(poisson(stream, 5000.0), 5043u);
  EXPECT_EQ(binomial(stream, 50, 0.1), 7u);
  EXPECT_EQ(binomial(stream, 1'000'000, 0.7), 700134u);
  EXPECT_EQ(uniform_index(stream, 1'000'000'007), 741654765u);
  EXPECT_EQ(stream.bits(), 0x8a75aa3a40d87436ULL);  // every call above drew as many numbers as recorded
  EXPECT_EQ(per_step_probability(0.08, 7.0), 0x1.919c3c512db18p-10);
}

}  // namespace
