#include "emile/models/pathway/territory_choice.hpp"

#include "emile/models/foundations/sector.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emile::models {

double territory_score(const HouseholdProfile& profile, const HostTerritory& territory, double travel_minutes,
                       const PathwaySettings& pathway) {
  const auto& p = pathway;
  const auto& settings = territory.settings();
  const auto& visible = territory.labour.visible();
  const auto in_sector = std::count_if(visible.begin(), visible.end(), [&](std::uint32_t v) {
    return territory.labour.vacancy(v).sector == profile.skill;
  });
  // The skill's share of the visible vacancies, smoothed by a prior of pseudo-vacancies in every sector.
  const double demand = (static_cast<double>(in_sector) + p.territory_demand_prior) /
                        (static_cast<double>(visible.size()) + p.territory_demand_prior * sector_count);
  const auto& reserved = territory.housing.reserved();
  const bool dwelling = std::any_of(reserved.begin(), reserved.end(), [&](std::uint32_t d) {
    return territory.housing.dwelling(d).rooms >= profile.rooms_needed();
  });
  const double taste =
      profile.rural_preference * settings.rurality + (1 - profile.rural_preference) * (1 - settings.rurality);
  return p.territory_demand_weight * demand + (dwelling ? p.territory_dwelling_weight : 0.0) +
         p.territory_rurality_weight * taste - travel_minutes / p.territory_minutes_per_point;
}

std::int32_t choose_territory(const HouseholdProfile& profile, const HostTerritories& territories,
                              std::span<const double> travel_minutes, const PathwaySettings& pathway, sim::Step step,
                              const sim::Clock& clock, sim::RandomStream& stream) {
  const double noise = pathway.fit_noise * (pathway.direct_referral ? pathway.direct_referral_noise_factor : 1.0);
  std::int32_t best = -1;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t t = 0; t < territories.size(); ++t) {
    const double gumbel = -std::log(-std::log(stream.uniform()));
    const auto& territory = *territories[t];
    if (!std::isfinite(travel_minutes[t]) || !territory.within_dates(step, clock) || territory.pipeline_full()) continue;
    const double score = territory_score(profile, territory, travel_minutes[t], pathway) + noise * gumbel;
    if (score > best_score) {
      best_score = score;
      best = static_cast<std::int32_t>(t);
    }
  }
  return best;
}

}  // namespace emile::models
