#pragma once
// The scenario schema's parts (scenario_schema.cpp assembles them): the programme's sections
// (programme_schema.cpp) and the simulated world's (world_schema.cpp). Internal to the scenario layer.
#include "emile/models/scenario/scenario.hpp"

namespace emile::models::schema {

using sim::any_value;
using sim::at_least;
using sim::in_range;
using sim::numbers_in;
using sim::one_of;
using sim::Schema;

inline constexpr double any_share = 1.0;
inline constexpr double large = 1e9;

// The programme: the run, the origins, the households, their pathway and life after the move, matching, the
// mobility aid and the prices.
Schema<RunSettings> run_schema();
Schema<OriginSettings> origin_schema();
Schema<HouseholdSettings> household_schema();
Schema<PathwaySettings> pathway_schema();
Schema<AfterMoveSettings> after_move_schema();
Schema<MatchingSettings> matching_schema();
Schema<MobilityAidSettings> mobility_aid_schema();
Schema<CostSettings> cost_schema();

// The simulated world: housing, labour, geography and the host territories.
Schema<HousingSettings> housing_schema();
Schema<LabourSettings> labour_schema();
Schema<SynthesisSettings> synthesis_schema();
Schema<GeographySettings> geography_schema();
Schema<TerritorySettings> territory_schema();

}  // namespace emile::models::schema
