#pragma once
// The observer that records a replication's results: per step and territory row, every flow (households and
// persons), every stage count and the resource levels; at the end, the event log, the households and the job
// spells. Agent code never writes output: the recorder reads the simulation after each step.
#include "emile/models/pathway/simulation.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace emile::models {

/// Names of the recorded per-step metrics, in storage order: `<flow>_households` and `<flow>_persons` for every
/// flow, `in_<stage>_households` and `in_<stage>_persons` for every stage, then the resource levels.
const std::vector<std::string>& metric_names();

/// The flow metrics, `<flow>_households` and `<flow>_persons` for every flow: the first ones of metric_names().
std::span<const std::string> flow_metric_names();

/// The position of a metric in metric_names(); throws std::out_of_range for an unknown name.
std::size_t metric_index(std::string_view name);

/// One household's attributes and outcome, for the results' household table.
struct HouseholdRecord {
  HouseholdProfile profile;
  Stage final_stage;
  std::int16_t origin_row;     ///< its origin's row
  std::int16_t territory_row;  ///< its host territory's row, its origin's if none was proposed
  bool visited;
  bool licence_aid;            ///< the programme paid it a driving course
  bool car_aid;                ///< the programme helped it to a car
  std::int32_t home_commune;   ///< commune of the dwelling it moved into, in its territory's graph; none if it never moved
};

/// The flows counted per origin and host (RunRecord::origin_host_flows), in that order.
inline constexpr std::array<Stage, 4> origin_host_flow_stages{Stage::moved, Stage::settled, Stage::housed, Stage::returned};

/// Everything one replication produced.
struct RunRecord {
  std::uint32_t replication = 0;
  sim::Step steps = 0;
  std::size_t rows = 0;
  std::size_t origins = 1;  ///< the first `origins` rows are the origins', the others the hosts'
  /// Entries of each origin's households into each flow of origin_host_flow_stages in each host over the run:
  /// [(origin · hosts + host) · flows + flow].
  std::vector<std::int64_t> origin_host_flows;
  /// metric-major: values[(metric · steps + step) · rows + row].
  std::vector<std::int64_t> values;
  std::vector<Transition> transitions;
  std::vector<HouseholdRecord> households;
  std::vector<JobSpell> jobs;

  std::int64_t value(std::size_t metric, sim::Step step, std::size_t row) const {
    return values[(metric * static_cast<std::size_t>(steps) + static_cast<std::size_t>(step)) * rows + row];
  }
  /// The metric summed over steps [begin, end), for one territory row.
  double total(std::size_t metric, std::size_t row, sim::Step begin, sim::Step end) const;
  /// The metric summed over every step, for one territory row.
  double total(std::size_t metric, std::size_t row) const { return total(metric, row, 0, steps); }
  /// The metric summed over every step and territory row.
  double total(std::size_t metric) const;
  /// Entries of origin `origin`'s households into origin_host_flow_stages[flow] in host `host` over the run.
  std::int64_t origin_host_flow(std::size_t origin, std::size_t host, std::size_t flow) const {
    return origin_host_flows[(origin * (rows - origins) + host) * origin_host_flow_stages.size() + flow];
  }

  void save(sim::ArchiveWriter& out) const;
  /// Restores a record saved by save(). Throws sim::ArchiveError when the archive does not hold one.
  static RunRecord restore(sim::ArchiveReader& in);
};

class Recorder {
 public:
  explicit Recorder(const Simulation& simulation);
  /// Records the step the simulation has just run.
  void observe(const Simulation& simulation);
  /// Collects the final state; call once, after the last step run: when the simulation stopped early (see
  /// RunOptions::stop_after), the record covers the steps run.
  RunRecord finish(const Simulation& simulation);

  /// Saves what was recorded so far (with the simulation's state, for a checkpoint).
  void save(sim::ArchiveWriter& out) const { record_.save(out); }
  /// Goes on recording into what a saved recorder held. Throws sim::ArchiveError when it does not match
  /// `simulation`.
  Recorder(const Simulation& simulation, sim::ArchiveReader& in);

 private:
  RunRecord record_;
};

}  // namespace emile::models
