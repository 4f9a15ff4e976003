// Scenarios read from TOML (a file, or text that is no file) and written back, and parameters set by key: all
// through the declared schema (scenario_schema.cpp).
#include "emile/models/scenario/scenario.hpp"

namespace emile::models {

namespace {

// A relative file named in another file than the scenario's own (its base) is rewritten relative to the
// scenario's folder, so that it names the file its author meant however the scenario is read again (from a run's
// record, a checkpoint). A default or a `--set` value is left as it is: it resolves against the scenario's folder.
void rebase_relative_file(Scenario& scenario, const std::string& key, std::string& name) {
  if (name.empty() || std::filesystem::path(name).is_absolute()) return;
  const auto found = scenario.locations.find(key);
  if (found == scenario.locations.end() || found->second.line == 0) return;
  const auto folder = [](const std::filesystem::path& file) {
    const auto parent = file.parent_path().lexically_normal();
    return parent.empty() ? std::filesystem::path(".") : parent;
  };
  const auto here = folder(scenario.source);
  const auto there = folder(found->second.file);
  if (here == there) return;
  const auto target = (there / name).lexically_normal();
  const auto relative = target.lexically_relative(here);
  name = (relative.empty() ? std::filesystem::absolute(target) : relative).generic_string();
}

// A scenario just read, completed with where it came from and checked against the rules spanning parameters.
Scenario validated(Scenario scenario, const std::filesystem::path& source, sim::SourceMap locations) {
  scenario.source = source;
  scenario.locations = std::move(locations);
  rebase_relative_file(scenario, "geography.communes_file", scenario.geography.communes_file);
  rebase_relative_file(scenario, "geography.commune_housing_file", scenario.geography.commune_housing_file);
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
