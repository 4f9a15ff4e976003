#include "emile/models/pathway/host_territory.hpp"

namespace emile::models {

HostTerritory::HostTerritory(const Scenario& scenario, std::size_t index, DwellingStock housing_, LabourMarket labour_,
                             std::shared_ptr<const CommuneGraph> graph_)
    : housing(std::move(housing_)), labour(std::move(labour_)), graph(std::move(graph_)), scenario_(scenario), index_(index) {}

bool within_dates(const TerritorySettings& territory, sim::Step step, const sim::Clock& clock) {
  return clock.step_of(territory.join_date) <= step && step < clock.step_of(territory.leave_date);
}

bool closed_over(const TerritorySettings& territory, sim::Step first, sim::Step last, const sim::Clock& clock) {
  return territory.pipeline_capacity == 0 || clock.step_of(territory.join_date) > last ||
         clock.step_of(territory.leave_date) <= first;
}

void HostTerritory::step_markets(const sim::Clock& clock, double hiring_factor, sim::Step step, sim::StreamSeed seed) {
  housing.step(settings(), scenario_.housing, clock.step_years(), step, seed);
  labour.step(settings(), scenario_.labour, clock, hiring_factor, step, seed);
}

void HostTerritory::start_visit_month(std::int32_t month) {
  if (quota_month == month) return;
  quota_month = month;
  visits_this_month = 0;
}

}  // namespace emile::models
