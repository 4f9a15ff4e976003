#pragma once
// How well a simulation fits its targets: what its record shows of each target, and one distance for them all.
//
// Each target's error is (simulated − observed) ÷ tolerance — a unit error is a simulation as far from the figure
// as the record's own imprecision —, and the errors combine by the targets' norm (Targets::distance): euclidean
// √Σe² (the default), manhattan Σ|e| or max |e|.
#include "emile/models/calibration/targets.hpp"
#include "emile/models/recording/recorder.hpp"

#include <span>
#include <vector>

namespace emile::models {

/// What a replication's record (of `scenario`, possibly stopped early) shows of each target, in the unit of
/// observed_value: a count; the days from the run's start to the last day of the step of the first entry (the day
/// after the record's last step when there was none: censored there); a median in days (of whole steps); a share.
/// NaN where the record shows nothing: a median of no household, a share of none.
std::vector<double> simulated_values(const Targets& targets, const Scenario& scenario, const RunRecord& record);

/// The distance of simulated values (one per target, as simulated_values gives them) to the observations: the
/// scaled errors combined by the targets' norm; infinite when a value is NaN.
double target_distance(const Targets& targets, const Scenario& scenario, std::span<const double> simulated);

}  // namespace emile::models
