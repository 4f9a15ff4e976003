#include "emile/sim/abc_smc.hpp"

#include "emile/sim/distributions.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace emile::sim {
namespace {

constexpr Purpose abc_proposal = 0x41424353u;  // "ABCS"
// A proposal perturbed outside the priors' support is drawn again; this many failures in a row is a bug.
constexpr int max_redraws = 100'000;

// A proposal and its simulation, as they travel between processes.
struct Proposal {
  std::vector<double> theta;
  AbcSimulation simulation;

  void save(ArchiveWriter& out) const {
    out.values(theta);
    out.value(simulation.distance);
    out.values(simulation.kept);
  }
  static Proposal restore(ArchiveReader& in) {
    auto theta = in.values<double>();
    const auto distance = in.value<double>();
    return {std::move(theta), {distance, in.values<double>()}};
  }
};

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Marsaglia & Tsang (2000), "A simple method for generating gamma variables": shape k > 0, scale 1.
double gamma_draw(RandomStream& stream, double k) {
  if (k < 1) return gamma_draw(stream, k + 1) * std::pow(stream.uniform(), 1.0 / k);
  const double d = k - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = normal(stream, 0.0, 1.0);
    const double v = std::pow(1.0 + c * x, 3);
    if (v <= 0) continue;
    if (std::log(stream.uniform()) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

double untruncated_draw(const Prior& p, RandomStream& stream) {
  switch (p.kind) {
    case Prior::Kind::uniform: return p.a + (p.b - p.a) * stream.uniform();
    case Prior::Kind::log_uniform: return std::exp(std::log(p.a) + (std::log(p.b) - std::log(p.a)) * stream.uniform());
    case Prior::Kind::normal: return normal(stream, p.a, p.b);
    case Prior::Kind::beta: {
      const double x = gamma_draw(stream, p.a), y = gamma_draw(stream, p.b);
      return p.low + (p.high - p.low) * x / (x + y);
    }
  }
  return 0;
}

}  // namespace

void Prior::check() const {
  const auto fail = [](const std::string& problem) { throw std::invalid_argument(problem); };
  if (!(low <= high) || std::isnan(low) || std::isnan(high)) fail("the range is empty");
  switch (kind) {
    case Kind::uniform:
    case Kind::log_uniform:
      if (!(std::isfinite(a) && std::isfinite(b) && a < b)) fail("the interval must be finite, low end first");
      if (kind == Kind::log_uniform && a <= 0) fail("a log-uniform interval must be above 0");
      if (b < low || a > high) fail("the interval lies outside the parameter's range");
      break;
    case Kind::normal:
      if (!(std::isfinite(a) && std::isfinite(b) && b > 0)) fail("a normal needs a finite mean and a standard deviation above 0");
      if (standard_normal_cdf((high - a) / b) - standard_normal_cdf((low - a) / b) < 1e-6) {
        fail("almost all of the normal lies outside the parameter's range");
      }
      break;
    case Kind::beta:
      if (!(a > 0 && b > 0 && std::isfinite(a) && std::isfinite(b))) fail("a beta needs shapes above 0");
      if (!(std::isfinite(low) && std::isfinite(high) && low < high)) fail("a beta needs a finite range");
      break;
  }
}

double Prior::density(double x) const {
  if (!(x >= low && x <= high)) return 0;
  switch (kind) {
    case Kind::uniform: return x >= a && x <= b ? 1.0 / (b - a) : 0.0;
    case Kind::log_uniform: return x >= a && x <= b ? 1.0 / (x * (std::log(b) - std::log(a))) : 0.0;
    case Kind::normal: return std::exp(-0.5 * ((x - a) / b) * ((x - a) / b)) / b;
    case Kind::beta: {
      const double y = std::clamp((x - low) / (high - low), 1e-12, 1 - 1e-12);
      return std::exp((a - 1) * std::log(y) + (b - 1) * std::log1p(-y)) / (high - low);
    }
  }
  return 0;
}

double Prior::draw(RandomStream& stream) const {
  for (int attempt = 0; attempt < max_redraws; ++attempt) {
    double x = untruncated_draw(*this, stream);
    if (integer) x = std::round(x);
    if (density(x) > 0) return x;
  }
  throw std::logic_error("prior: no draw inside the range");
}

double AbcGeneration::weighted_mean(std::size_t d) const {
  double mean = 0;
  for (std::size_t i = 0; i < particles.size(); ++i) mean += weights[i] * particles[i][d];
  return mean;
}

double AbcGeneration::weighted_variance(std::size_t d) const {
  const double mean = weighted_mean(d);
  double variance = 0;
  for (std::size_t i = 0; i < particles.size(); ++i) variance += weights[i] * (particles[i][d] - mean) * (particles[i][d] - mean);
  return variance;
}

double AbcGeneration::weighted_quantile(std::size_t d, double q) const {
  std::vector<double> values;
  values.reserve(particles.size());
  for (const auto& particle : particles) values.push_back(particle[d]);
  return sim::weighted_quantile(values, weights, q);
}

double AbcGeneration::effective_sample_size() const {
  double squares = 0;
  for (double w : weights) squares += w * w;
  return squares > 0 ? 1.0 / squares : 0.0;
}

AbcResult run_abc_smc(std::span<const Prior> priors, const AbcSimulator& simulate, const AbcSettings& settings,
                      const Executor& executor, const AbcProgress& progress, const Processes& processes) {
  if (priors.empty()) throw std::invalid_argument("ABC-SMC needs at least one uncertain parameter");
  for (const Prior& prior : priors) prior.check();
  if (settings.particles < 2) throw std::invalid_argument("ABC-SMC needs at least 2 particles");
  if (settings.generations < 1) throw std::invalid_argument("ABC-SMC needs at least 1 generation");
  if (!(settings.quantile > 0 && settings.quantile <= 1)) throw std::invalid_argument("the tolerance quantile must be in (0, 1]");
  if (!(settings.min_acceptance > 0 && settings.min_acceptance <= 1)) {
    throw std::invalid_argument("the minimum acceptance must be in (0, 1]");
  }
  const std::size_t dims = priors.size(), wanted = settings.particles;
  const std::size_t batch = settings.batch ? settings.batch : 2 * wanted;
  // A generation that needs more proposals than this has an acceptance below the minimum.
  const auto most_proposals = static_cast<std::size_t>(std::ceil(static_cast<double>(wanted) / settings.min_acceptance));

  AbcResult result;
  for (std::size_t g = 0; g < settings.generations; ++g) {
    const AbcGeneration* last = result.generations.empty() ? nullptr : &result.generations.back();
    AbcGeneration generation;
    generation.tolerance = last ? quantile(last->distances, settings.quantile) : std::numeric_limits<double>::infinity();
    // The kernel: each parameter perturbed by a normal of twice the last generation's weighted variance.
    std::vector<double> kernel_sd(dims, 0), cumulative;
    if (last) {
      for (std::size_t d = 0; d < dims; ++d) {
        const double sd = std::sqrt(2 * last->weighted_variance(d));
        kernel_sd[d] = sd > 0 ? sd : priors[d].integer ? 0.5 : 1e-9;
      }
      std::partial_sum(last->weights.begin(), last->weights.end(), std::back_inserter(cumulative));
    }
    const auto propose = [&](RandomStream& stream) {
      std::vector<double> theta(dims);
      if (!last) {
        for (std::size_t d = 0; d < dims; ++d) theta[d] = priors[d].draw(stream);
        return theta;
      }
      for (int attempt = 0; attempt < max_redraws; ++attempt) {
        const double u = stream.uniform() * cumulative.back();
        const auto chosen = static_cast<std::size_t>(
            std::min<std::ptrdiff_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
                                     static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
        bool inside = true;
        for (std::size_t d = 0; d < dims; ++d) {
          theta[d] = last->particles[chosen][d] + kernel_sd[d] * normal(stream, 0.0, 1.0);
          if (priors[d].integer) theta[d] = std::round(theta[d]);
          inside = inside && priors[d].density(theta[d]) > 0;
        }
        if (inside) return theta;
      }
      throw std::logic_error("ABC-SMC: no perturbed proposal inside the priors' support");
    };

    std::size_t next = 0;
    std::size_t last_accepted = 0;
    while (generation.particles.size() < wanted && next < most_proposals) {
      const std::size_t count = std::min(batch, most_proposals - next);
      auto proposals = share_with_everyone<Proposal>(processes, executor, count, [&](std::size_t i) {
        const std::size_t k = next + i;
        RandomStream stream({settings.seed, 0}, abc_proposal, g, k);
        auto theta = propose(stream);
        auto simulation = simulate(theta, g, k);
        if (std::isnan(simulation.distance)) simulation.distance = std::numeric_limits<double>::infinity();
        return Proposal{std::move(theta), std::move(simulation)};
      });
      for (std::size_t i = 0; i < count && generation.particles.size() < wanted; ++i) {
        auto& [theta, simulation] = proposals[i];
        if (simulation.distance > generation.tolerance) continue;
        generation.particles.push_back(std::move(theta));
        generation.distances.push_back(simulation.distance);
        generation.kept.push_back(std::move(simulation.kept));
        generation.proposal_ids.push_back(next + i);
        last_accepted = next + i;
      }
      next += count;
      if (progress.batch) progress.batch(g, generation.particles.size());
    }
    generation.proposals = generation.particles.empty() ? next : last_accepted + 1;
    if (generation.particles.size() < wanted) {
      result.stopped_on_acceptance = true;
      break;
    }
    // Weights: prior density over the kernel mixture's density (all equal in generation 0).
    generation.weights.assign(wanted, 1.0);
    if (last) {
      executor.for_each(wanted, [&](std::size_t i) {
        const auto& theta = generation.particles[i];
        double prior = 1, mixture = 0;
        for (std::size_t d = 0; d < dims; ++d) prior *= priors[d].density(theta[d]);
        for (std::size_t j = 0; j < last->particles.size(); ++j) {
          double kernel = last->weights[j];
          for (std::size_t d = 0; d < dims; ++d) {
            const double z = (theta[d] - last->particles[j][d]) / kernel_sd[d];
            kernel *= std::exp(-0.5 * z * z);
          }
          mixture += kernel;
        }
        generation.weights[i] = mixture > 0 ? prior / mixture : 0;
      });
    }
    const double total = std::accumulate(generation.weights.begin(), generation.weights.end(), 0.0);
    for (double& w : generation.weights) w /= total;
    result.generations.push_back(std::move(generation));
    if (progress.generation) progress.generation(result.generations.back());
  }
  return result;
}

}  // namespace emile::sim
