#pragma once
// Matching in one host territory: the households committed to it with the vacancies offered to the programme and
// the reserved dwellings, in two stages under the scenario's matching mechanism (foundations/matching.hpp).
//
//  1. Households ↔ vacancies: feasible when the household's skill fits the vacancy's sector (or the contract is a
//     training one), its qualification is within tolerance of the requirement, and some reserved dwelling that
//     fits the household (rooms and rent) lies within its commute of the employer. Households score vacancies by
//     contract; employers score households by motivation and qualification.
//  2. Households matched with a job ↔ reserved dwellings that fit them within commute of their employer.
//     Households score dwellings by commute; landlords score households by unused rooms.
#include "emile/models/agents/household.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace emile::models {

/// A household matched with a vacancy and a dwelling of one territory.
struct Match {
  std::uint32_t household;  ///< household id
  std::uint32_t vacancy;    ///< vacancy id in the territory's labour market
  std::uint32_t dwelling;   ///< dwelling id in the territory's stock
};

/// Matches the households `pool` (ids into `households`) with `territory`'s visible vacancies and reserved
/// dwellings. Returns the households matched at both stages, in pool order; each vacancy and dwelling at most
/// once. Takes nothing: the caller takes the vacancies and dwellings it keeps.
std::vector<Match> match_households(std::span<const std::uint32_t> pool, std::span<const Household> households,
                                    const HostTerritory& territory, const MatchingSettings& matching);

}  // namespace emile::models
