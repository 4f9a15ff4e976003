#include "emile/models/pathway/origin_region.hpp"

#include <algorithm>

namespace emile::models {

sim::Step OriginRegion::first_step(const sim::Clock& clock) const {
  return std::max<sim::Step>(0, clock.step_of(settings().join_date));
}

}  // namespace emile::models
