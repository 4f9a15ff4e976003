#include "emile/models/recording/cost.hpp"

#include "emile/models/agents/household.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emile::models {
namespace {

double flow_total(const RunRecord& record, std::string_view name) { return record.total(metric_index(name)); }

}  // namespace

CostBreakdown cost(const RunRecord& record, const Scenario& scenario) {
  const auto& c = scenario.cost;
  const double step_days = static_cast<double>(scenario.run.step_days);
  const double step_years = step_days / sim::days_per_year;
  CostBreakdown out;

  // Caseworkers: those recorded in post during each step (dated events may change them).
  const std::size_t caseworkers = metric_index("caseworkers");
  for (sim::Step s = 0; s < record.steps; ++s) {
    for (std::size_t row = 0; row < record.rows; ++row) {
      const double per_year =
          is_origin_row(scenario, row) ? c.origin_caseworker_eur_per_year : c.territory_caseworker_eur_per_year;
      out.caseworkers_eur += static_cast<double>(record.value(caseworkers, s, row)) * per_year * step_years;
    }
  }
  out.stages_eur = flow_total(record, "enrolled_households") * c.enrolment_eur +
                   flow_total(record, "immersed_households") * c.immersion_visit_eur +
                   flow_total(record, "moved_households") * c.move_eur;
  const double car_eur = c.car_aid_eur + scenario.mobility_aid.car_rental_months * c.car_rental_eur_per_month;
  for (const auto& h : record.households) {
    out.mobility_aid_eur += (h.licence_aid ? c.licence_course_eur : 0.0) + (h.car_aid ? car_eur : 0.0);
  }
  out.gross_eur = out.caseworkers_eur + out.stages_eur + out.mobility_aid_eur;

  // Nights avoided, at the prices of the household's origin: from the move to the return or the end of the run.
  std::vector<sim::Step> moved_at(record.households.size(), -1), returned_at(record.households.size(), -1);
  for (const auto& t : record.transitions) {
    if (t.to == Stage::moved) moved_at[t.household] = t.step;
    if (t.to == Stage::returned) returned_at[t.household] = t.step;
  }
  for (std::size_t h = 0; h < record.households.size(); ++h) {
    if (moved_at[h] < 0) continue;
    const auto& profile = record.households[h].profile;
    const auto& origin = scenario.origins[static_cast<std::size_t>(record.households[h].origin_row)];
    const double night = profile.situation == HousingSituation::hotel     ? origin.hotel_night_eur
                         : profile.situation == HousingSituation::shelter ? origin.shelter_night_eur
                                                                          : 0.0;
    const sim::Step end = returned_at[h] >= 0 ? returned_at[h] : record.steps;
    out.avoided_eur += profile.persons() * static_cast<double>(end - moved_at[h]) * step_days * night;
  }
  out.net_eur = out.gross_eur - out.avoided_eur;

  const double moved = flow_total(record, "moved_households");
  // Households settled at the end of their follow-up (later entries into `settled`, after a job found again,
  // are not new settlements).
  const double settled = static_cast<double>(std::count_if(record.transitions.begin(), record.transitions.end(), [](const Transition& t) {
    return t.from == Stage::moved && t.to == Stage::settled;
  }));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.gross_per_moved_eur = moved > 0 ? out.gross_eur / moved : nan;
  out.net_per_moved_eur = moved > 0 ? out.net_eur / moved : nan;
  out.gross_per_settled_eur = settled > 0 ? out.gross_eur / settled : nan;
  out.net_per_settled_eur = settled > 0 ? out.net_eur / settled : nan;
  return out;
}

}  // namespace emile::models
