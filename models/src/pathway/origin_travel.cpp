#include "emile/models/pathway/origin_travel.hpp"

#include "../foundations/earth.hpp"

#include <algorithm>
#include <limits>

namespace emile::models {

double travel_minutes(const Scenario& scenario, std::size_t origin, std::size_t host) {
  const auto& o = scenario.origins[origin];
  const auto& h = scenario.territories[host];
  if (o.travel_minutes_from == TravelFrom::paris) return h.travel_minutes_to_paris;
  const double km = haversine_km(o.centre_latitude, o.centre_longitude, h.centre_latitude, h.centre_longitude);
  return km * scenario.geography.road_detour_factor / scenario.geography.long_distance_speed_kmh * 60.0;
}

OriginReach::OriginReach(const Scenario& scenario)
    : hosts_(scenario.territories.size()), sends_(scenario.origins.size() * hosts_), minutes_(sends_.size()) {
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    const auto codes = host_codes(scenario.origins[k]);
    for (std::size_t i = 0; i < hosts_; ++i) {
      sends_[k * hosts_ + i] =
          codes.empty() || std::find(codes.begin(), codes.end(), scenario.territories[i].code) != codes.end();
    }
  }
  update(scenario);
}

void OriginReach::update(const Scenario& scenario) {
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    for (std::size_t i = 0; i < hosts_; ++i) {
      minutes_[k * hosts_ + i] =
          sends_[k * hosts_ + i] ? travel_minutes(scenario, k, i) : std::numeric_limits<double>::infinity();
    }
  }
}

}  // namespace emile::models
