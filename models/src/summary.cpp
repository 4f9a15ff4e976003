#include "emile/models/summary.hpp"

#include "emile/models/cost.hpp"

#include <stdexcept>

namespace emile::models {

double Summary::operator[](const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return values[i];
  }
  throw std::out_of_range("no outcome named " + name);
}

Summary summarise(const RunRecord& record, const Scenario& scenario) {
  Summary summary;
  const auto add = [&](std::string name, double value) {
    summary.names.push_back(std::move(name));
    summary.values.push_back(value);
  };
  const auto total = [&](std::size_t metric) {
    double sum = 0;
    for (sim::Step step = 0; step < record.steps; ++step) {
      for (std::size_t row = 0; row < record.rows; ++row) sum += static_cast<double>(record.value(metric, step, row));
    }
    return sum;
  };
  // Flow metrics come first in metric_names(): households then persons for each flow.
  for (std::size_t i = 0; i < flow_stages.size(); ++i) {
    add(std::string(name(flow_stages[i])) + "_households", total(2 * i));
    add(std::string(name(flow_stages[i])) + "_persons", total(2 * i + 1));
  }
  double moved = 0, visited = 0;
  for (const auto& h : record.households) {
    if (has_moved(h.final_stage)) {
      ++moved;
      visited += h.visited;
    }
  }
  add("visited_share_of_moved", moved > 0 ? visited / moved : 0.0);
  const CostBreakdown c = cost(record, scenario);
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
