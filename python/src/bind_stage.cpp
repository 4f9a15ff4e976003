// Stage: the pathway's stages, named as in scenario files, result files and docs.
#include "bindings.hpp"

#include "emile/models/foundations/stage.hpp"

namespace emile::python {

void bind_stage(py::module_& m) {
  py::enum_<models::Stage> stage(m, "Stage",
                                 "A household's stage on the pathway; a flow is named after the stage it enters. "
                                 "Values are the stage codes used in results files (/stages).");
  for (const models::Stage s : models::all_stages) stage.value(std::string(models::name(s)).c_str(), s);
  stage.def_property_readonly("is_final", [](models::Stage s) { return models::is_final(s); },
                              "True for an end state (returned, withdrawn, ineligible).");
  stage.def_property_readonly("has_moved", [](models::Stage s) { return models::has_moved(s); },
                              "True for moved, settled, housed and returned.");

  m.def(
      "stage_names", [] {
        std::vector<std::string> names;
        for (const models::Stage s : models::all_stages) names.emplace_back(models::name(s));
        return names;
      },
      "Every stage's name, in code order (eligible first).");
  m.def(
      "flow_names", [] {
        std::vector<std::string> names;
        for (const models::Stage s : models::flow_stages) names.emplace_back(models::name(s));
        return names;
      },
      "The stages that can be entered, so that have a flow (every stage but eligible), in code order.");
  m.def("is_legal_transition", &models::is_legal_transition, py::arg("source"), py::arg("target"),
        "Whether the pathway allows a household to go from stage `source` to stage `target`.");
}

}  // namespace emile::python
