#include "emile/models/pathway/mobility_aid.hpp"

#include "emile/sim/distributions.hpp"

namespace emile::models {

AidGiven offer_mobility_aid(HouseholdProfile& profile, const MobilityAidSettings& aid, sim::RandomStream& stream) {
  AidGiven given;
  if (!profile.licence && sim::bernoulli(stream, aid.licence_take_up)) {
    given.licence_course = true;
    given.wait_weeks = aid.licence_weeks;
    profile.licence = sim::bernoulli(stream, aid.licence_pass_share);
  }
  if (profile.licence && !profile.car && sim::bernoulli(stream, aid.car_take_up)) {
    given.car = true;
    profile.car = true;
  }
  return given;
}

}  // namespace emile::models
