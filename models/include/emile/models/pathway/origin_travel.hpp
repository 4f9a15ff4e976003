#pragma once
// Where an origin's households may go and how far that is: the hosts each origin sends households to
// (OriginSettings::hosts) and its travel time to each, which weighs the proposal of a territory
// (territory_choice.hpp) and a moved household's return hazard (life_after_move.cpp).
#include "emile/models/scenario/scenario.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace emile::models {

/// Minutes of travel from origin `origin` of `scenario` to host `host`, as the scenario stands: the host's declared
/// travel_minutes_to_paris when the origin's travel_minutes_from is `paris`; with `centre`, the great-circle
/// distance between the origin's centre and the host's × geography.road_detour_factor ÷
/// geography.long_distance_speed_kmh, in minutes (scenarios/tools/make_national.py's rule, unrounded).
double travel_minutes(const Scenario& scenario, std::size_t origin, std::size_t host);

/// Every origin's reach: per origin and host, the travel minutes, or +∞ where the origin sends no household.
class OriginReach {
 public:
  /// The reach of `scenario`'s origins, minutes as the scenario stands.
  explicit OriginReach(const Scenario& scenario);
  /// Recomputes the minutes from `scenario` as it stands now (dated events change travel times and speeds); which
  /// hosts each origin sends to is fixed for the run.
  void update(const Scenario& scenario);
  /// Minutes from origin `origin` to host `host`; +∞ where it sends none.
  double minutes(std::size_t origin, std::size_t host) const { return minutes_[origin * hosts_ + host]; }
  /// The minutes from origin `origin` to every host, in host order.
  std::span<const double> from(std::size_t origin) const { return {minutes_.data() + origin * hosts_, hosts_}; }

 private:
  std::size_t hosts_;
  std::vector<bool> sends_;  ///< origin · hosts + host
  std::vector<double> minutes_;
};

}  // namespace emile::models
