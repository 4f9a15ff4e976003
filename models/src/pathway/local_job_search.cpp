#include "emile/models/pathway/local_job_search.hpp"

#include "emile/models/agents/commute_reach.hpp"
#include "emile/sim/distributions.hpp"

#include <cmath>

namespace emile::models {

double win_probability(double applicants) { return applicants > 0 ? -std::expm1(-applicants) / applicants : 1.0; }

std::optional<Vacancy> search_local_jobs(const Household& household, HostTerritory& territory, const Scenario& scenario,
                                         double search_share, sim::Step step, sim::RandomStream& stream) {
  const auto& t = territory.settings();
  const auto& m = scenario.matching;
  const Sector sector = household.profile.skill;
  const std::uint64_t seen = sim::binomial(stream, territory.labour.local_openings(sector), std::min(1.0, search_share));
  const double applicants = scenario.after_move.local_applicants_per_vacancy * unemployment_rate(t) /
                            scenario.labour.reference_unemployment_rate;
  const double win = win_probability(applicants);
  const CommuteLimits limits = commute_limits(m);
  const auto mode = household.profile.car ? CommuteMode::car : CommuteMode::no_car;
  const auto home = static_cast<std::size_t>(household.home_commune);
  for (std::uint64_t k = 0; k < seen; ++k) {
    const Vacancy v = territory.labour.draw_local_opening(sector, scenario.labour, step, stream);
    if (household.profile.qualification + m.qualification_tolerance < v.qualification) continue;
    if (v.licence_required && !household.profile.licence) continue;
    if (!territory.graph->reachable(home, territory.labour.employer(v.employer).commune, mode, limits)) continue;
    if (!sim::bernoulli(stream, win)) continue;
    territory.labour.take_local_opening(sector, step, stream);
    return v;
  }
  return std::nullopt;
}

}  // namespace emile::models
