#pragma once
// Headline outcomes of one replication: totals of every flow, the visit share, costs, and the first visit.
#include "emile/models/recording/recorder.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace emile::models {

/// Headline outcomes of one replication, in a fixed column order (the same for every replication).
struct Summary {
  std::vector<std::string> names;
  std::vector<double> values;
  /// Date of the first immersion visit (the recorded date of its step), empty if none.
  std::string first_visit_date;

  /// The value of the named outcome; throws std::out_of_range for an unknown name.
  double operator[](const std::string& name) const;
};

/// Totals over the run of every flow (households and persons), the share of moved households that visited, what
/// became of the moved households at the end of follow-up and at 12 months (outcomes.hpp: counts, and shares of
/// the observed households, NaN when none is), and the costs (see cost.hpp).
Summary summarise(const RunRecord& record, const Scenario& scenario);

}  // namespace emile::models
