#pragma once
// A parameter sweep: the grid of scenario variants spanned by a few parameters' values.
//
// Every grid point runs with the same seed and replications, so points differ only by their parameters
// (common random numbers across the grid).
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/sim/parameters.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// One varied parameter: a dotted key and its values in TOML syntax (`4`, `0.5`, `"optimal"`).
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;

  /// Parses `KEY=V1,V2,…`; throws sim::ScenarioError naming the text when it is malformed.
  static SweepAxis parse(const std::string& text);
};

/// The cartesian product of its axes; point 0 takes every axis's first value, the last axis varies fastest.
class Sweep {
 public:
  /// Throws std::invalid_argument for no axes or an axis without values.
  explicit Sweep(std::vector<SweepAxis> axes);

  /// Throws sim::ScenarioError (exit 2 on the command line) when an axis names no parameter of `base` or two
  /// axes name the same parameter, under any spelling (`territory.48.x` and `territory[3].x`).
  void check_distinct(const Scenario& base) const;

  const std::vector<SweepAxis>& axes() const { return axes_; }
  std::size_t size() const { return size_; }
  /// The overrides that make grid point `index` (0 ≤ index < size()).
  std::vector<sim::Override> point(std::size_t index) const;

 private:
  std::vector<SweepAxis> axes_;
  std::size_t size_ = 1;
};

/// Writes a sweep (atomically): provenance as a results file with `analysis = "sweep"`, `/scenario` (the base),
/// `/sweep/points` (point, then one column per key with its value), `/sweep/summary` (point, replication, every
/// headline outcome) and `/sweep/means` (point, the mean of every headline outcome).
/// A true `cancel` before the rename: Cancelled, nothing written (commit_unless_cancelled).
void write_sweep(const std::filesystem::path& path, std::string_view invocation, const Sweep& sweep,
                 const std::vector<EnsembleResult>& points, const std::atomic<bool>* cancel = nullptr);

}  // namespace emile::models
