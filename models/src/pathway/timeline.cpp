#include "emile/models/pathway/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace emile::models {

sim::Step steps_after(const sim::Clock& clock, double weeks) {
  const double steps = weeks * sim::days_per_week / clock.step_days();
  if (!(steps < 1e9)) return std::numeric_limits<sim::Step>::max() / 2;
  return std::max<sim::Step>(1, static_cast<sim::Step>(std::lround(steps)));
}

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
    if (step >= first && step < first + steps_after(clock, e.weeks)) {
      lockdown.active = true;
      lockdown.hiring_factor *= e.hiring_factor;
    }
  }
  return lockdown;
}

}  // namespace emile::models
