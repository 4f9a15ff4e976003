#pragma once
// The programme's mobility aid: a driving course paid for the households without a licence who take it up, and help
// to a car (a purchase aid, and car rental for the first months after the move) for licence holders without one.
//
// The aid is offered at one point of the pathway (`mobility_aid.offered_at`): at enrolment, the course runs during
// the diagnosis, which lasts until the licence, so a licence and a car obtained count from the proposal on — for
// vacancies that require a licence and for reach by car in the match; after the match, they cannot open a job or a
// dwelling, the move waits for the licence, and they count after the move (returns, local job search).
#include "emile/models/agents/household.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/random_stream.hpp"

namespace emile::models {

/// What the aid did for one household.
struct AidGiven {
  bool licence_course = false;  ///< a driving course was paid (whether or not the licence was obtained)
  bool car = false;             ///< help to a car was given
  double wait_weeks = 0;        ///< how long the household waits for its licence (0 without a course)
};

/// Offers the aid to a household with `profile`: without a licence, it starts a course with probability
/// `licence_take_up` and obtains the licence, after `licence_weeks`, with probability `licence_pass_share`; then,
/// with a licence and no car, it takes the help to a car with probability `car_take_up`. Sets `profile.licence`
/// and `profile.car` accordingly. Draws from `stream`: at most three draws, none for a household with a car.
AidGiven offer_mobility_aid(HouseholdProfile& profile, const MobilityAidSettings& aid, sim::RandomStream& stream);

}  // namespace emile::models
