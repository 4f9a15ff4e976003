#pragma once
// The scenario's dated events as a run meets them, and durations turned into steps.
//
// A run's settings at a step are its scenario's with every `set` event dated up to that step applied, in date
// order; a `lockdown` restricts hiring and matching in the steps from the one containing its date for its
// `weeks`, and immersion visits for its `visit_weeks`.
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"

namespace emile::models {

/// The step, counted from the one in which a clock starts, in which an event `weeks` after that step's start
/// fires: the one event-timing rule, sim::Clock::steps_after_days.
inline sim::Step steps_after(const sim::Clock& clock, double weeks) { return clock.steps_after_days(weeks * sim::days_per_week); }

/// Applies to `scenario` its `set` events dated within `step`, in order. Throws sim::ScenarioError as
/// set_parameter does.
void apply_set_events(Scenario& scenario, const sim::Clock& clock, sim::Step step);

/// What the lockdowns covering one step do: each factor is the product of those of the lockdowns whose
/// restriction covers the step (1 when none).
struct Lockdown {
  double hiring_factor = 1.0;    ///< scales vacancy openings
  double matching_factor = 1.0;  ///< the probability that a match found goes ahead
  double visit_factor = 1.0;     ///< scales each territory's monthly immersion slots
};

/// The lockdowns of `scenario` covering `step`.
Lockdown lockdown_at(const Scenario& scenario, const sim::Clock& clock, sim::Step step);

}  // namespace emile::models
