#include "emile/models/pathway/timeline.hpp"

namespace emile::models {

void apply_set_events(Scenario& scenario, const sim::Clock& clock, sim::Step step) {
  for (const auto& e : scenario.events) {
    if (e.kind == EventKind::set && clock.step_of(e.date) == step) set_parameter(scenario, e.key, e.value);
  }
}

Lockdown lockdown_at(const Scenario& scenario, const sim::Clock& clock, sim::Step step) {
  Lockdown lockdown;
  for (const auto& e : scenario.events) {
    if (e.kind != EventKind::lockdown) continue;
    const sim::Step first = clock.step_of(e.date);
    if (step < first) continue;
    if (step < first + steps_after(clock, e.weeks)) {
      lockdown.hiring_factor *= e.hiring_factor;
      lockdown.matching_factor *= e.matching_factor;
    }
    if (step < first + steps_after(clock, e.visit_weeks)) lockdown.visit_factor *= e.visit_factor;
  }
  return lockdown;
}

}  // namespace emile::models
