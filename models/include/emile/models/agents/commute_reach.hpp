#pragma once
// The longest commutes a run can use: what the travel times of the geography it runs on must cover.
//
// A household's commute limits are the scenario's matching.car_commute_minutes, local_commute_minutes (on foot or
// by bicycle) and transit_commute_minutes as they stand at each step: dated `set` events change them during a run.
// A commune graph computes travel times only as far as the reach it is built for (CommuneGraph), so a geography is
// built for the reach of every scenario that will run on it, and a run on a geography of shorter reach is refused
// (require_reach, geography.hpp).
//
// Units: minutes.
#include "emile/models/foundations/commute_limits.hpp"
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

/// The commute limits in force under `matching`: its car, local (walk/bike) and transit minutes.
CommuteLimits commute_limits(const MatchingSettings& matching);

/// The longest commutes a run of `scenario` can use, mode by mode: the longest of its own limits and of the limits
/// after each of its `set` events, applied in order (whatever spelling of the key an event uses). The car reach is
/// at least 1 minute, because the dwelling score reads car minutes up to max(1, car limit) (territory_matching.cpp).
/// Throws sim::ScenarioError as set_parameter does, for an event naming no parameter (validate refuses those).
CommuteLimits commute_reach(const Scenario& scenario);

}  // namespace emile::models
