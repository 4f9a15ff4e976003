#pragma once
// How far a household may commute, mode by mode, and the reach of a commune graph: the longest commutes its
// travel times were computed for (CommuneGraph). A graph answers exactly every question about limits within its
// reach, and refuses the others.
//
// Units: minutes.
#include <algorithm>
#include <limits>
#include <string>

namespace emile::models {

/// How a household commutes: whether it has a car and a driving licence.
enum class CommuteMode { car, no_car };

/// The longest acceptable one-way commute per mode, in minutes.
struct CommuteLimits {
  double car_minutes = 45;        ///< by car, along roads
  double walk_bike_minutes = 20;  ///< on foot or by bicycle, along roads
  double transit_minutes = 60;    ///< by public transport between two hubs, waits included
};

/// No limit in any mode: the reach of a commune graph that holds the travel times of every pair of communes.
inline constexpr CommuteLimits unlimited_reach{std::numeric_limits<double>::infinity(),
                                               std::numeric_limits<double>::infinity(),
                                               std::numeric_limits<double>::infinity()};

/// Mode by mode, the longer of two limits.
inline CommuteLimits longest(const CommuteLimits& a, const CommuteLimits& b) {
  return {std::max(a.car_minutes, b.car_minutes), std::max(a.walk_bike_minutes, b.walk_bike_minutes),
          std::max(a.transit_minutes, b.transit_minutes)};
}

/// Whether every limit of `limits` is at most that of `reach` (false when either holds a NaN): a commune graph
/// built for `reach` then answers `limits` exactly.
inline bool within(const CommuteLimits& limits, const CommuteLimits& reach) {
  return limits.car_minutes <= reach.car_minutes && limits.walk_bike_minutes <= reach.walk_bike_minutes &&
         limits.transit_minutes <= reach.transit_minutes;
}

/// The limits as messages show them: "car 45, walk/bike 20, transit 60 minutes".
std::string describe(const CommuteLimits& limits);

}  // namespace emile::models
