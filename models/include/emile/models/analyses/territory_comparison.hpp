#pragma once
// Where and when a variant differs from its base: every flow compared per territory and per calendar period, and
// the flows of each origin's households into each host over the run, paired by replication under common random
// numbers (see comparison.hpp). Flows are attributed to territories as in a run's tables (to the host from the
// proposal on, to the origin before), so in every period the territory rows sum to the programme's row `all`: means
// and differences exactly, replication by replication. A step counts in the period that holds its first day
// (sim/calendar_periods.hpp).
#include "emile/models/analyses/comparison.hpp"
#include "emile/sim/calendar_periods.hpp"
#include "emile/sim/results_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace emile::models {

/// The periods a comparison of runs of `scenario` is made over (sim::reporting_periods): the window, by default
/// the whole run (labelled `run`, from its start to its end date), and, with `by`, each calendar period within it.
/// Throws std::invalid_argument when the window holds no step of the run.
std::vector<sim::Period> comparison_periods(const Scenario& scenario, const std::optional<sim::Period>& window,
                                            const std::optional<sim::PeriodLength>& by);

/// One flow of one territory (or of the programme) over one period, base against variant.
struct TerritoryComparison {
  sim::Period period;
  std::string territory;  ///< the territory's code; `all` for the programme
  std::string name;       ///< its name (`programme` for `all`)
  std::string outcome;    ///< a flow metric, `<flow>_households` or `<flow>_persons`
  PairedEstimate estimate;  ///< of the flow's totals over the period
};

/// Every flow of every territory and of the programme, for every period. Territories are matched by code: the
/// origin, the base's hosts, then the variant's hosts the base lacks (a territory absent on one side has none of
/// any flow there). Throws std::invalid_argument unless both ensembles have the same seed and replications.
std::vector<TerritoryComparison> compare_by_territory(const EnsembleResult& base, const EnsembleResult& variant,
                                                      const std::vector<sim::Period>& periods);

/// The `/comparison_by_territory` table (also what the Python package reads).
sim::Table territory_comparison_table(const std::vector<TerritoryComparison>& rows);

/// One flow of one origin's households into one host over the whole run, base against variant.
struct OriginHostComparison {
  std::string origin;       ///< the origin's code
  std::string host;         ///< the host's code
  std::string outcome;      ///< `<flow>_households` for each flow of origin_host_flow_stages (moved, settled, …)
  PairedEstimate estimate;  ///< of the flow's totals over the run
};

/// Every flow of origin_host_flow_stages for every origin and host, flow by flow, the origins in order and within
/// each the hosts in order. Origins and hosts are matched by code as in compare_by_territory (one absent on a side
/// has none of any flow there). Throws std::invalid_argument unless both ensembles have the same seed and
/// replications.
std::vector<OriginHostComparison> compare_by_origin_host(const EnsembleResult& base, const EnsembleResult& variant);

/// The `/comparison_by_origin_host` table.
sim::Table origin_host_comparison_table(const std::vector<OriginHostComparison>& rows);

}  // namespace emile::models
