// Scenarios read from TOML (a file, or text that is no file) and written back, and parameters set by key: all
// through the declared schema (scenario_schema.cpp).
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

namespace {

// A scenario just read, completed with where it came from and checked against the rules spanning parameters.
Scenario validated(Scenario scenario, const std::filesystem::path& source, sim::SourceMap locations) {
  scenario.source = source;
  scenario.locations = std::move(locations);
  validate(scenario);
  return scenario;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& path, const std::vector<sim::Override>& overrides) {
  sim::SourceMap locations;
  Scenario scenario = sim::read_toml_file(path, scenario_schema(), overrides, &locations);
  return validated(std::move(scenario), path, std::move(locations));
}

Scenario read_scenario(std::string_view text, const std::string& name, const std::vector<sim::Override>& overrides) {
  sim::SourceMap locations;
  Scenario scenario = scenario_schema().defaults();
  sim::read_toml_text(text, name, *scenario_schema().node(), &scenario, overrides, &locations);
  return validated(std::move(scenario), name, std::move(locations));
}

std::string to_toml(const Scenario& scenario) { return sim::write_toml(*scenario_schema().node(), &scenario); }

void set_parameter(Scenario& scenario, std::string_view key, double value) {
  sim::set_number(*scenario_schema().node(), &scenario, key, value, {scenario.source.string(), 0, 0});
}

}  // namespace emile::models
