#include "emile/models/agents/commute_reach.hpp"

#include <algorithm>

namespace emile::models {

CommuteLimits commute_limits(const MatchingSettings& matching) {
  return {matching.car_commute_minutes, matching.local_commute_minutes, matching.transit_commute_minutes};
}

CommuteLimits commute_reach(const Scenario& scenario) {
  CommuteLimits reach = commute_limits(scenario.matching);
  Scenario timeline = scenario;  // with the `set` events applied so far
  for (const auto& event : scenario.events) {
    if (event.kind != EventKind::set) continue;
    set_parameter(timeline, event.key, event.value);
    reach = longest(reach, commute_limits(timeline.matching));
  }
  reach.car_minutes = std::max(reach.car_minutes, 1.0);
  return reach;
}

}  // namespace emile::models
