#include "emile/models/foundations/commute_limits.hpp"

#include "argument_checks.hpp"

namespace emile::models {

std::string describe(const CommuteLimits& limits) {
  return "car " + to_text(limits.car_minutes) + ", walk/bike " + to_text(limits.walk_bike_minutes) + ", transit " +
         to_text(limits.transit_minutes) + " minutes";
}

}  // namespace emile::models
