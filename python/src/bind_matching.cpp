// MatchingMechanism: how households are assigned to vacancies and dwellings (the scenario's
// `matching.mechanism`).
#include "bindings.hpp"

#include "emile/models/foundations/matching.hpp"

namespace emile::python {

void bind_matching(py::module_& m) {
  py::enum_<models::MatchingMechanism> mechanism(
      m, "MatchingMechanism",
      "How a bipartite assignment (households to vacancies, then to dwellings) is solved; a scenario selects one "
      "by name in `matching.mechanism`.");
  for (const auto value : {models::MatchingMechanism::greedy, models::MatchingMechanism::deferred_acceptance,
                           models::MatchingMechanism::optimal}) {
    mechanism.value(std::string(models::to_string(value)).c_str(), value);
  }
}

}  // namespace emile::python
