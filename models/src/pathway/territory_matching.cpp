#include "emile/models/pathway/territory_matching.hpp"

#include "emile/models/agents/commute_reach.hpp"
#include "emile/models/foundations/matching.hpp"

#include <algorithm>

namespace emile::models {

std::vector<Match> match_households(std::span<const std::uint32_t> pool, std::span<const Household> households,
                                    const HostTerritory& territory, const MatchingSettings& matching) {
  const auto& vacancies = territory.labour.visible();
  const auto& dwellings = territory.housing.reserved();
  if (pool.empty() || vacancies.empty() || dwellings.empty()) return {};

  const auto& m = matching;
  const CommuteLimits limits = commute_limits(m);
  const auto fits = [&](const Household& h, const Dwelling& d) {
    const double budget = m.rent_budget_base_eur + m.rent_budget_per_person_eur * (h.profile.persons() - 1);
    return d.rooms >= h.profile.rooms_needed() && d.rooms <= h.profile.rooms_needed() + m.max_extra_rooms && d.rent_eur <= budget;
  };
  const auto mode = [](const Household& h) { return h.profile.car ? CommuteMode::car : CommuteMode::no_car; };

  // Stage 1: households ↔ vacancies.
  std::vector<Candidate> jobs;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    const Household& h = households[pool[i]];
    for (std::uint32_t j = 0; j < vacancies.size(); ++j) {
      const Vacancy& v = territory.labour.vacancy(vacancies[j]);
      const bool skilled = v.sector == h.profile.skill || v.contract == Contract::training;
      if (!skilled || h.profile.qualification + m.qualification_tolerance < v.qualification) continue;
      if (v.licence_required && !h.profile.licence) continue;
      const auto work = territory.labour.employer(v.employer).commune;
      const bool housed = std::any_of(dwellings.begin(), dwellings.end(), [&](std::uint32_t d) {
        const Dwelling& dw = territory.housing.dwelling(d);
        return fits(h, dw) && territory.graph->reachable(dw.commune, work, mode(h), limits);
      });
      if (!housed) continue;
      const double household_score = m.contract_values[static_cast<std::size_t>(v.contract)];
      const double employer_score = m.employer_score_base + m.employer_score_per_motivation * h.profile.motivation +
                                    m.employer_score_per_qualification_level * (h.profile.qualification - v.qualification);
      jobs.push_back({i, j, household_score, employer_score});
    }
  }
  if (jobs.empty()) return {};
  const Assignment job_match = assign(pool.size(), vacancies.size(), jobs, m.mechanism);

  // Stage 2: job-matched households ↔ reserved dwellings within commute of their employer.
  std::vector<Candidate> homes;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    if (job_match.right_of_left[i] < 0) continue;
    const Household& h = households[pool[i]];
    const Vacancy& v = territory.labour.vacancy(vacancies[static_cast<std::size_t>(job_match.right_of_left[i])]);
    const auto work = territory.labour.employer(v.employer).commune;
    for (std::uint32_t k = 0; k < dwellings.size(); ++k) {
      const Dwelling& d = territory.housing.dwelling(dwellings[k]);
      if (!fits(h, d) || !territory.graph->reachable(d.commune, work, mode(h), limits)) continue;
      // +infinity beyond the graph's reach, which covers max(1, car limit) (commute_reach): such a commute scores
      // min(1, ·) = 1, as its exact time would.
      const double minutes = territory.graph->car_minutes(d.commune, work);
      const double household_score =
          m.dwelling_score_base - m.dwelling_score_per_commute * std::min(1.0, minutes / std::max(1.0, m.car_commute_minutes));
      const double landlord_score = m.landlord_score_base - m.landlord_score_per_extra_room * (d.rooms - h.profile.rooms_needed());
      homes.push_back({i, k, household_score, landlord_score});
    }
  }
  const Assignment home_match = assign(pool.size(), dwellings.size(), homes, m.mechanism);

  std::vector<Match> matches;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    if (home_match.right_of_left[i] < 0) continue;
    matches.push_back({pool[i], vacancies[static_cast<std::size_t>(job_match.right_of_left[i])],
                       dwellings[static_cast<std::size_t>(home_match.right_of_left[i])]});
  }
  return matches;
}

}  // namespace emile::models
