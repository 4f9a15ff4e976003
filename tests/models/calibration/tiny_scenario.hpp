#pragma once
// A tiny synthetic scenario for the calibration tests: one host territory of 3,400 dwellings on 30 synthesised
// communes, a pool of 2,000 households referred at 200 a year, and two uncertain parameters — the referral rate,
// which the referrals and entries by mid-year identify, and the return hazard after a move, which they cannot see.
#include "emile/models/calibration/targets.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <string>

namespace emile::models::testing {

inline Scenario tiny_scenario(const std::string& extra = {}) {
  return read_scenario(R"(
[run]
name = "tiny"
start_date = 2020-01-06
end_date = 2020-12-28
step_days = 7

[origin]
eligible_households = 2000
initial_referred = 0
referrals_per_year = 200

[[territory]]
code = "48"
name = "Tiny"
join_date = 2020-01-06
travel_minutes_to_paris = 300
communes = 30
population = 8000
area_km2 = 600
centre_latitude = 44.5
centre_longitude = 3.5
main_residences = 3000
vacant_dwellings = 400
active = 3500
unemployed = 300
jobs = 3000

[[uncertain]]
key = "origin.referrals_per_year"
prior = "uniform"
low = 50
high = 600

[[uncertain]]
key = "after_move.return_per_year"
prior = "uniform"
low = 0.05
high = 1.0
)" + extra,
                       "tiny.toml");
}

/// Targets on the tiny scenario's referrals and entries by 29 June 2020, at the observed values given.
inline Targets tiny_targets(const Scenario& scenario, double referred, double enrolled) {
  return read_targets(R"(
[[target]]
name = "referred"
flow = "referred"
date = 2020-06-29
value = )" + std::to_string(referred) + R"(
tolerance = 10
source = "a simulation at known values"

[[target]]
name = "enrolled"
flow = "enrolled"
date = 2020-06-29
value = )" + std::to_string(enrolled) + R"(
tolerance = 10
source = "a simulation at known values"
)",
                      "tiny-targets.toml", scenario);
}

}  // namespace emile::models::testing
