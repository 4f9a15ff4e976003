// Scenarios read from TOML (a file, or text that is no file) and written back, and parameters set by key: all
// through the declared schema (scenario_schema.cpp).
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

namespace {

// A data file named by a relative path is resolved against the folder of the file that names it (a variant's base,
// for a path it inherits; the scenario's own folder for a `--set` value) and kept as an absolute path, so that the
// scenario's TOML names the same file wherever it is written (a run's record, a checkpoint, Python's to_toml).
// Throws sim::ScenarioError, with the path as written, when there is no such file.
void resolve_data_file(Scenario& scenario, const std::string& key, std::string& name) {
  if (name.empty() || std::filesystem::path(name).is_absolute()) return;
  const auto found = scenario.locations.find(key);
  const bool in_a_file = found != scenario.locations.end() && found->second.line > 0;
  const std::filesystem::path named_in = in_a_file ? std::filesystem::path(found->second.file) : scenario.source;
  const std::filesystem::path path = named_in.parent_path() / name;
  if (!std::filesystem::is_regular_file(path)) {
    const auto where =
        found != scenario.locations.end() ? found->second : sim::SourceLocation{scenario.source.string(), 0, 0};
    throw sim::ScenarioError(where, key, "\"" + name + "\"",
                             (std::filesystem::exists(path) ? "not a regular file: " : "no such file: ") + path.string());
  }
  name = std::filesystem::absolute(path).lexically_normal().string();
}

// A scenario just read, completed with where it came from and checked against the rules spanning parameters.
Scenario validated(Scenario scenario, const std::filesystem::path& source, sim::SourceMap locations) {
  scenario.source = source;
  scenario.locations = std::move(locations);
  resolve_data_file(scenario, "geography.communes_file", scenario.geography.communes_file);
  resolve_data_file(scenario, "geography.commune_housing_file", scenario.geography.commune_housing_file);
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

Scenario with_parameters(const Scenario& scenario, std::span<const std::string> keys, std::span<const double> values) {
  Scenario out = scenario;
  for (std::size_t i = 0; i < keys.size(); ++i) set_parameter(out, keys[i], values[i]);
  return out;
}

}  // namespace emile::models
