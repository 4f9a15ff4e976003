#pragma once
// Which host territory the programme proposes to a household: a random-utility choice among the territories its
// origin sends households to that host at that step and have room in their pipeline.
//
// A territory's score (in score points, weights from the scenario's [pathway]) adds the demand for the household's
// skill among the vacancies offered to the programme, whether a reserved dwelling has its number of rooms, its
// rural or urban taste, and subtracts the travel from the household's origin (origin_travel.hpp); the choice adds
// an idiosyncratic Gumbel taste, which the coordinator's profile matching scales down under direct referral.
#include "emile/models/agents/household.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <span>

namespace emile::models {

/// The score of `territory`, `travel_minutes` away from the household's origin, for a household of `profile`,
/// without the idiosyncratic taste (score points).
double territory_score(const HouseholdProfile& profile, const HostTerritory& territory, double travel_minutes,
                       const PathwaySettings& pathway);

/// The index of the territory proposed to a household of `profile` at `step`, whose origin is `travel_minutes[i]`
/// from territory i (+∞ where it sends no household): the highest score plus noise among the territories it sends
/// to that host at `step` and whose pipeline is not full; −1 when there is none. Draws one Gumbel taste per
/// territory from `stream`, whether it can take the household or not, so that territories opening or filling up
/// leave the other territories' draws unchanged (common random numbers across variants).
std::int32_t choose_territory(const HouseholdProfile& profile, const HostTerritories& territories,
                              std::span<const double> travel_minutes, const PathwaySettings& pathway, sim::Step step,
                              const sim::Clock& clock, sim::RandomStream& stream);

}  // namespace emile::models
