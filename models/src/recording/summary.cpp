#include "emile/models/recording/summary.hpp"

#include "emile/models/recording/cost.hpp"

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
  for (Stage stage : flow_stages) {
    for (const char* unit : {"_households", "_persons"}) {
      const std::string metric = std::string(name(stage)) + unit;
      add(metric, record.total(metric_index(metric)));
    }
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
