#pragma once
// Targets: figures observed in the public record that a scenario is held to (`emile calibrate`, `emile check`).
// A targets file (TOML) lists them, each with its date, its source and a tolerance — how far from the observation
// a simulation may land and still be as good as the record allows (the record's rounding, "about 60").
//
//   [distance]
//   norm = "euclidean"            # how the targets' scaled errors combine (see target_fit.hpp)
//
//   [[target]]
//   name = "enrolled-by-late-july"
//   statistic = "count"           # count, first, median_days or share
//   flow = "enrolled"             # the stage entered
//   unit = "households"           # count, share: households or persons
//   territory = ""                # a host territory's code; empty: every territory and Île-de-France
//   date = 2019-07-26
//   value = 60
//   tolerance = 10
//   source = "gouvernement.fr, 26/07/2019: about 60 households, 95 people"
//
// The statistics, for the households the target looks at (its territory's, or all), over the steps up to the one
// holding `date`:
// - `count`: entries into `flow` (households or persons) — a cumulative count by the date;
// - `first`: the first entry into `flow`; `date` is the observed date, `tolerance` in days, `value` unread;
// - `median_days`: the median time, in days, from entering `since` to entering `flow`, of the households that
//   entered `flow` by the date;
// - `share`: entries into `flow` ÷ entries into `of` by the date, in [0, 1].
// Households belong to a host territory from `proposed` on: a territory's target is on a later flow.
#include "emile/models/foundations/stage.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/parameters.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

enum class TargetStatistic : std::uint8_t { count, first, median_days, share };
inline constexpr std::array<std::string_view, 4> target_statistic_names{"count", "first", "median_days", "share"};

enum class TargetUnit : std::uint8_t { households, persons };
inline constexpr std::array<std::string_view, 2> target_unit_names{"households", "persons"};

/// How the targets' errors, each scaled by its tolerance, combine into one distance: √Σe², Σ|e| or max |e|.
enum class DistanceNorm : std::uint8_t { euclidean, manhattan, maximum };
inline constexpr std::array<std::string_view, 3> distance_norm_names{"euclidean", "manhattan", "max"};

struct Target {
  std::string name;  ///< unique in its file
  TargetStatistic statistic = TargetStatistic::count;
  std::string flow;  ///< the stage entered, by name (`enrolled`, `immersed`, `moved`…)
  TargetUnit unit = TargetUnit::households;
  std::string territory;  ///< a host territory's code; empty: all
  sim::Date date;         ///< the date the figure was observed at (`first`: the observed first date)
  double value = 0;       ///< count: households or persons; median_days: days; share: in [0, 1]; first: unread
  double tolerance = 0;   ///< in the value's unit (`first`: days), > 0
  std::string of;         ///< share: the flow of the denominator
  std::string since;      ///< median_days: the stage the time is counted from
  std::string source;     ///< where the figure was read: a citation
};

struct DistanceSettings {
  DistanceNorm norm = DistanceNorm::euclidean;
};

struct Targets {
  DistanceSettings distance;
  std::vector<Target> targets;
  std::filesystem::path source;  ///< the file read; empty when read from text
  sim::SourceMap locations;      ///< where each value was read (`target[0].value`)
};

/// The declaration of a targets file: reading, its documentation.
const sim::Schema<Targets>& targets_schema();

/// Reads a targets file and checks it against the scenario it is for: every target named once, with a source and
/// a tolerance above 0; a known flow and territory; a date inside the run and after the territory joins; no count
/// above the eligible pool (the prior's highest pool when it is uncertain), no share outside [0, 1], no negative
/// median, no `since` after `flow`. Throws sim::ScenarioError naming the file, line and key.
Targets load_targets(const std::filesystem::path& path, const Scenario& scenario);
/// The same from text that is no file, `name` standing for it in messages.
Targets read_targets(std::string_view text, const std::string& name, const Scenario& scenario);

/// The fully resolved targets as TOML (stored with a calibration's results).
std::string to_toml(const Targets& targets);

/// How many tolerances past its date a `first` target is watched: a first entry up to that late is seen as late
/// as it is; a later one (or none) counts as just past the window (target_fit.hpp).
inline constexpr double first_target_window = 3;

/// The last day a simulation held to `targets` must reach: the latest target date (`first`: its date plus
/// first_target_window tolerances), at most the run's end.
sim::Date last_target_date(const Targets& targets, const Scenario& scenario);

/// The observed value of `target` in the unit its simulated value takes (target_fit.hpp): its `value`, or for
/// `first` the days from the run's start to its date.
double observed_value(const Target& target, const Scenario& scenario);

/// The stage a flow name names; std::invalid_argument for another name (the targets file was checked).
Stage flow_stage(std::string_view flow);

}  // namespace emile::models
