#include "emile/sim/sobol.hpp"

#include "emile/sim/distributions.hpp"
#include "emile/sim/statistics.hpp"

#include <stdexcept>
#include <string>

namespace emile::sim {
namespace {

constexpr Purpose sobol_inputs = 0x534F424Cu;     // "SOBL"; entity: matrix (0: A, 1: B); counter: j · dims + i
constexpr Purpose sobol_bootstrap = 0x534F4242u;  // "SOBB"; entity: resample; counter: 0

struct Estimate {
  std::vector<double> first, total;
};

// The indices over rows `rows` (indices into the N rows, repeats allowed).
Estimate estimate(std::size_t dims, std::size_t n, std::span<const double> y, const std::vector<std::size_t>& rows) {
  const auto ya = [&](std::size_t j) { return y[j]; };
  const auto yb = [&](std::size_t j) { return y[n + j]; };
  const auto yab = [&](std::size_t i, std::size_t j) { return y[(2 + i) * n + j]; };
  double sum = 0, squares = 0;
  for (const std::size_t j : rows) {
    sum += ya(j) + yb(j);
    squares += ya(j) * ya(j) + yb(j) * yb(j);
  }
  const double count = 2.0 * static_cast<double>(rows.size());
  const double mean = sum / count;
  const double variance = squares / count - mean * mean;
  Estimate e{std::vector<double>(dims, 0.0), std::vector<double>(dims, 0.0)};
  if (!(variance > 0)) return e;
  for (std::size_t i = 0; i < dims; ++i) {
    double first = 0, total = 0;
    for (const std::size_t j : rows) {
      first += (yb(j) - mean) * (yab(i, j) - ya(j));
      total += (ya(j) - yab(i, j)) * (ya(j) - yab(i, j));
    }
    const double m = static_cast<double>(rows.size());
    e.first[i] = first / m / variance;
    e.total[i] = total / (2 * m) / variance;
  }
  return e;
}

}  // namespace

SaltelliDesign::SaltelliDesign(std::size_t samples, std::size_t dims,
                               const std::function<double(std::size_t, RandomStream&)>& draw, std::uint64_t seed)
    : dims_(dims) {
  if (samples < 2) throw std::invalid_argument("a Saltelli design needs at least 2 samples, not " + std::to_string(samples));
  if (dims < 1) throw std::invalid_argument("a Saltelli design needs at least one input");
  for (std::uint64_t matrix = 0; matrix < 2; ++matrix) {
    auto& rows = matrix == 0 ? a_ : b_;
    rows.assign(samples, std::vector<double>(dims));
    for (std::size_t j = 0; j < samples; ++j) {
      for (std::size_t i = 0; i < dims; ++i) {
        RandomStream stream({seed, 0}, sobol_inputs, matrix, j * dims + i);
        rows[j][i] = draw(i, stream);
      }
    }
  }
}

std::vector<double> SaltelliDesign::point(std::size_t k) const {
  const std::size_t n = samples();
  if (k < n) return a_[k];
  if (k < 2 * n) return b_[k - n];
  const std::size_t i = k / n - 2, j = k % n;
  std::vector<double> row = a_[j];
  row[i] = b_[j][i];
  return row;
}

std::vector<SobolIndex> sobol_indices(const SaltelliDesign& design, std::span<const double> values, std::size_t bootstrap,
                                      std::uint64_t seed) {
  if (values.size() != design.points()) {
    throw std::invalid_argument("Sobol indices: " + std::to_string(values.size()) + " values for " +
                                std::to_string(design.points()) + " points");
  }
  if (bootstrap < 10) throw std::invalid_argument("Sobol indices: at least 10 bootstrap resamples");
  const std::size_t n = design.samples(), dims = design.dims();
  std::vector<std::size_t> all(n);
  for (std::size_t j = 0; j < n; ++j) all[j] = j;
  const Estimate point = estimate(dims, n, values, all);
  std::vector<std::vector<double>> firsts(dims), totals(dims);
  std::vector<std::size_t> rows(n);
  for (std::size_t b = 0; b < bootstrap; ++b) {
    RandomStream stream({seed, 0}, sobol_bootstrap, b, 0);
    for (auto& row : rows) row = uniform_index(stream, n);
    const Estimate resampled = estimate(dims, n, values, rows);
    for (std::size_t i = 0; i < dims; ++i) {
      firsts[i].push_back(resampled.first[i]);
      totals[i].push_back(resampled.total[i]);
    }
  }
  std::vector<SobolIndex> indices(dims);
  for (std::size_t i = 0; i < dims; ++i) {
    indices[i] = {point.first[i], quantile(firsts[i], 0.025), quantile(firsts[i], 0.975),
                  point.total[i], quantile(totals[i], 0.025), quantile(totals[i], 0.975)};
  }
  return indices;
}

}  // namespace emile::sim
