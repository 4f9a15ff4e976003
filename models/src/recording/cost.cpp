#include "emile/models/recording/cost.hpp"

#include "emile/models/agents/household.hpp"

#include <cmath>
#include <limits>
#include <optional>

namespace emile::models {
namespace {

/// Caseworkers' cost over the run in the territory rows `row` accepts: those in post in each step.
template <typename RowFilter>
double caseworkers_eur(const RunRecord& record, const Scenario& scenario, RowFilter row_counts) {
  const auto& c = scenario.cost;
  const double step_years = static_cast<double>(scenario.run.step_days) / sim::days_per_year;
  const std::size_t caseworkers = metric_index("caseworkers");
  double total = 0;
  for (sim::Step s = 0; s < record.steps; ++s) {
    for (std::size_t row = 0; row < record.rows; ++row) {
      if (!row_counts(row)) continue;
      const double per_year =
          is_origin_row(scenario, row) ? c.origin_caseworker_eur_per_year : c.territory_caseworker_eur_per_year;
      total += static_cast<double>(record.value(caseworkers, s, row)) * per_year * step_years;
    }
  }
  return total;
}

/// The cost of the caseworkers of `origin`'s row (every row when there is none) and of the households of
/// `origin` (every household when there is none).
CostBreakdown priced(const RunRecord& record, const Scenario& scenario, std::optional<std::size_t> origin) {
  const auto& c = scenario.cost;
  const double step_days = static_cast<double>(scenario.run.step_days);
  const auto counted = [&](std::uint32_t household) {
    return !origin || static_cast<std::size_t>(record.households[household].origin_row) == *origin;
  };
  CostBreakdown out;
  out.caseworkers_eur = caseworkers_eur(record, scenario, [&](std::size_t row) { return !origin || row == *origin; });

  // Entries into the priced stages; the move and the return that bound the nights avoided.
  double enrolments = 0, visits = 0;
  std::vector<sim::Step> moved_at(record.households.size(), -1), returned_at(record.households.size(), -1);
  for (const auto& t : record.transitions) {
    if (!counted(t.household)) continue;
    if (t.to == Stage::enrolled) ++enrolments;
    if (t.to == Stage::immersed) ++visits;
    if (t.to == Stage::moved) {
      moved_at[t.household] = t.step;
      ++out.moved_households;
    }
    if (t.to == Stage::returned) returned_at[t.household] = t.step;
    // Settled at the end of a follow-up: later entries into `settled`, after a job found again, are not new.
    if (t.from == Stage::moved && t.to == Stage::settled) ++out.settled_households;
  }
  out.stages_eur = enrolments * c.enrolment_eur + visits * c.immersion_visit_eur + out.moved_households * c.move_eur;

  const double car_eur = c.car_aid_eur + scenario.mobility_aid.car_rental_months * c.car_rental_eur_per_month;
  for (std::uint32_t h = 0; h < record.households.size(); ++h) {
    if (!counted(h)) continue;
    const auto& household = record.households[h];
    out.mobility_aid_eur += (household.licence_aid ? c.licence_course_eur : 0.0) + (household.car_aid ? car_eur : 0.0);
  }
  out.gross_eur = out.caseworkers_eur + out.stages_eur + out.mobility_aid_eur;

  // Nights avoided, at the prices of the household's origin: from the move to the return or the end of the run.
  for (std::uint32_t h = 0; h < record.households.size(); ++h) {
    if (moved_at[h] < 0) continue;
    const auto& profile = record.households[h].profile;
    const auto& from = scenario.origins[static_cast<std::size_t>(record.households[h].origin_row)];
    const double night = profile.situation == HousingSituation::hotel     ? from.hotel_night_eur
                         : profile.situation == HousingSituation::shelter ? from.shelter_night_eur
                                                                          : 0.0;
    const sim::Step end = returned_at[h] >= 0 ? returned_at[h] : record.steps;
    out.avoided_eur += profile.persons() * static_cast<double>(end - moved_at[h]) * step_days * night;
  }
  out.net_eur = out.gross_eur - out.avoided_eur;

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double moved = out.moved_households, settled = out.settled_households;
  out.gross_per_moved_eur = moved > 0 ? out.gross_eur / moved : nan;
  out.net_per_moved_eur = moved > 0 ? out.net_eur / moved : nan;
  out.gross_per_settled_eur = settled > 0 ? out.gross_eur / settled : nan;
  out.net_per_settled_eur = settled > 0 ? out.net_eur / settled : nan;
  return out;
}

}  // namespace

CostBreakdown cost(const RunRecord& record, const Scenario& scenario) { return priced(record, scenario, std::nullopt); }

CostBreakdown origin_cost(const RunRecord& record, const Scenario& scenario, std::size_t origin) {
  return priced(record, scenario, origin);
}

double host_caseworkers_eur(const RunRecord& record, const Scenario& scenario) {
  return caseworkers_eur(record, scenario, [&](std::size_t row) { return !is_origin_row(scenario, row); });
}

}  // namespace emile::models
