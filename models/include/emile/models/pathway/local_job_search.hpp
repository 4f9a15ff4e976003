#pragma once
// How an unemployed resident of a host territory looks for a job: through the territory's local labour market.
//
// A search looks at the local vacancies (those not offered to the programme) opened in the territory in the
// step, in the household's sector: it finds out about each with probability `search_share` (× the follow-up
// factor while followed), so the number it sees is binomial. Each one seen becomes an agent only then
// (LabourMarket::draw_local_opening: employer, hence commune, qualification, contract), so a search costs the
// vacancies it sees, not those the territory opens. One the household can hold — its qualification within
// `matching.qualification_tolerance` of the requirement, the employer within the commute limits of matching
// from its home — goes to it against the local job seekers who also apply: their number is Poisson with mean
// m = `local_applicants_per_vacancy` × (the territory's unemployment rate ÷ `labour.reference_unemployment_rate`)
// and the job goes to one applicant at random, so the household gets it with probability
// E[1 / (1 + N)] = (1 − e^(−m)) / m. It takes the first one it gets; the vacancy leaves the local count.
#include "emile/models/agents/household.hpp"
#include "emile/models/agents/labour_market.hpp"
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/random_stream.hpp"

#include <optional>

namespace emile::models {

/// The probability that a household gets a vacancy it applies to against a Poisson number of local applicants of
/// mean `applicants`: (1 − e^(−m)) / m, 1 when m = 0.
double win_probability(double applicants);

/// One search by `household`, unemployed and living in `territory`, in `step`: the vacancy it gets (taken from the
/// territory's local count), if any. `search_share` is the share of the step's openings in its sector it finds.
std::optional<Vacancy> search_local_jobs(const Household& household, HostTerritory& territory, const Scenario& scenario,
                                         double search_share, sim::Step step, sim::RandomStream& stream);

}  // namespace emile::models
