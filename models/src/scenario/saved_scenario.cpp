#include "emile/models/scenario/saved_scenario.hpp"

namespace emile::models {

void save_scenario(sim::ArchiveWriter& out, const Scenario& scenario) {
  out.text(scenario.source.string());
  out.text(to_toml(scenario));
}

Scenario restore_scenario(sim::ArchiveReader& in) {
  const std::string source = in.text();
  const std::string text = in.text();
  try {
    return read_scenario(text, source);
  } catch (const sim::ScenarioError& e) {
    in.fail("the scenario saved in it (from " + source + ") cannot be used: " + e.what());
  }
}

}  // namespace emile::models
