#pragma once
// What the programme cost in one replication, and the emergency accommodation it avoided; and each origin's part.
//
// Gross cost = caseworkers (origins' and territories', those recorded in post in each step, times their yearly
// cost) + enrolments × enrolment cost + visits × visit cost + moves × moving cost + mobility aid (driving courses
// paid × a course's cost + cars helped to × (the car aid + rental months × a month's rental)). Avoided = for each
// moved household living in a hotel (or shelter) before, its persons × the nights from the move to its return or
// the end of the run × its origin's price of a night. Net = gross − avoided. Per relocated (moved) household and
// per household settled at the end of its follow-up; NaN when there is none.
//
// An origin's part is its own caseworkers and what its households cost and avoided (enrolments, visits, moves,
// mobility aid, nights). The host territories' caseworkers follow the households of every origin and belong to
// none: the origins' parts and host_caseworkers_eur add up to the programme's cost.
//
// Everything that varies during a run is read from the record; the prices (`[cost]`, each origin's night prices)
// and the run's dates are the scenario's, which no dated event may change (validate refuses it).
#include "emile/models/recording/recorder.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <cstddef>

namespace emile::models {

struct CostBreakdown {
  double caseworkers_eur = 0;
  double stages_eur = 0;
  double mobility_aid_eur = 0;
  double gross_eur = 0;
  double avoided_eur = 0;
  double net_eur = 0;
  double moved_households = 0;    ///< moves priced (the denominator of the per-moved costs)
  double settled_households = 0;  ///< settlements at the end of a follow-up (that of the per-settled costs)
  double gross_per_moved_eur = 0;
  double net_per_moved_eur = 0;
  double gross_per_settled_eur = 0;
  double net_per_settled_eur = 0;
};

/// The cost of the replication `record`, priced with `scenario.cost` (steps of `scenario.run.step_days`).
CostBreakdown cost(const RunRecord& record, const Scenario& scenario);

/// The part of that cost that origin `origin` (an index in scenario.origins) makes: its caseworkers and its
/// households' enrolments, visits, moves, mobility aid and avoided nights; per moved and settled household of it.
CostBreakdown origin_cost(const RunRecord& record, const Scenario& scenario, std::size_t origin);

/// What the host territories' caseworkers cost in the replication: the part of the cost no origin makes.
double host_caseworkers_eur(const RunRecord& record, const Scenario& scenario);

}  // namespace emile::models
