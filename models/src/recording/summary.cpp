#include "emile/models/recording/summary.hpp"

#include "emile/models/recording/cost.hpp"
#include "emile/models/recording/outcomes.hpp"

#include <limits>
#include <stdexcept>

namespace emile::models {

double Summary::operator[](const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return values[i];
  }
  throw std::out_of_range("no outcome named " + name);
}

Summary summarise(const RunRecord& record, const Scenario& scenario) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  Summary summary;
  const auto add = [&](std::string name, double value) {
    summary.names.push_back(std::move(name));
    summary.values.push_back(value);
  };
  const auto flows = flow_metric_names();
  for (std::size_t metric = 0; metric < flows.size(); ++metric) add(flows[metric], record.total(metric));
  double moved = 0, visited = 0;
  for (const auto& h : record.households) {
    if (has_moved(h.final_stage)) {
      ++moved;
      visited += h.visited;
    }
  }
  add("visited_share_of_moved", moved > 0 ? visited / moved : 0.0);
  const auto outcomes = outcomes_after_move(record, static_cast<int>(scenario.run.step_days));
  for (std::size_t m = 0; m < outcomes.size(); ++m) {
    MarkOutcomes total;
    for (const auto& row : outcomes[m]) total += row;
    const std::string mark(outcome_mark_names[m]);
    const auto observed = static_cast<double>(total.observed());
    const auto share = [&](std::int64_t count) { return observed > 0 ? static_cast<double>(count) / observed : nan; };
    add(mark + "_employed_households", static_cast<double>(total.employed));
    add(mark + "_housed_households", static_cast<double>(total.housed));
    add(mark + "_returned_households", static_cast<double>(total.returned));
    add(mark + "_censored_households", static_cast<double>(total.censored));
    add(mark + "_employed_share", share(total.employed));
    add(mark + "_housed_share", share(total.housed));
    add(mark + "_returned_share", share(total.returned));
  }
  const CostBreakdown c = cost(record, scenario);
  add("cost_mobility_aid_eur", c.mobility_aid_eur);
  add("cost_gross_eur", c.gross_eur);
  add("cost_avoided_eur", c.avoided_eur);
  add("cost_net_eur", c.net_eur);
  add("cost_gross_per_moved_eur", c.gross_per_moved_eur);
  add("cost_net_per_moved_eur", c.net_per_moved_eur);
  add("cost_gross_per_settled_eur", c.gross_per_settled_eur);
  add("cost_net_per_settled_eur", c.net_per_settled_eur);

  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  for (const auto& t : record.transitions) {
    if (t.to == Stage::immersed) {
      summary.first_visit_date = clock.last_day(t.step).iso();
      break;
    }
  }
  return summary;
}

}  // namespace emile::models
