#pragma once
// What the programme cost in one replication, and the emergency accommodation it avoided.
//
// Gross cost = caseworkers (Île-de-France and territories, those recorded in post in each step, times their
// yearly cost) + enrolments × enrolment cost + visits × visit cost + moves × moving cost + mobility aid (driving
// courses paid × a course's cost + cars helped to × (the car aid + rental months × a month's rental)).
// Avoided = for each moved household living in a hotel (or shelter) before, its persons × the nights from
// the move to its return or the end of the run × the night's cost. Net = gross − avoided. Per relocated
// (moved) and per household settled at the end of its follow-up; NaN when there is none.
//
// Everything that varies during a run is read from the record; the prices (`[cost]`) and the run's dates are
// the scenario's, which no dated event may change (validate refuses it).
#include "emile/models/recording/recorder.hpp"
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

struct CostBreakdown {
  double caseworkers_eur = 0;
  double stages_eur = 0;
  double mobility_aid_eur = 0;
  double gross_eur = 0;
  double avoided_eur = 0;
  double net_eur = 0;
  double gross_per_moved_eur = 0;
  double net_per_moved_eur = 0;
  double gross_per_settled_eur = 0;
  double net_per_settled_eur = 0;
};

/// The cost of the replication `record`, priced with `scenario.cost` (steps of `scenario.run.step_days`).
CostBreakdown cost(const RunRecord& record, const Scenario& scenario);

}  // namespace emile::models
