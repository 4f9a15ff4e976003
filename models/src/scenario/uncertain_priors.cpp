// The prior of an uncertain parameter (`[[uncertain]]`), as the calibration engine takes it.
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

sim::Prior prior_of(const Scenario& scenario, std::size_t i) {
  const UncertainSettings& u = scenario.uncertain.at(i);
  sim::Prior prior;
  prior.kind = u.prior;
  switch (u.prior) {
    case sim::Prior::Kind::uniform:
    case sim::Prior::Kind::log_uniform: prior.a = u.low, prior.b = u.high; break;
    case sim::Prior::Kind::normal: prior.a = u.mean, prior.b = u.sd; break;
    case sim::Prior::Kind::beta: prior.a = u.alpha, prior.b = u.beta; break;
  }
  prior.low = u.low;
  prior.high = u.high;
  const sim::Value current = sim::get_value(*scenario_schema().node(), &scenario, u.key, {scenario.source.string(), 0, 0});
  prior.integer = std::holds_alternative<std::int64_t>(current);
  return prior;
}

}  // namespace emile::models
