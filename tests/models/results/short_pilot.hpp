#pragma once
// The pilot's first twenty weeks (enough for visits and moves), without its lockdown of 2020, so that a results
// file of a few replications is written in about a second: the scenario the results tests write files of.
#include "emile/models/scenario/scenario.hpp"

#include <filesystem>
#include <vector>

namespace emile::models::testing {

inline Scenario short_pilot(const std::vector<sim::Override>& overrides = {}) {
  auto scenario = load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides);
  scenario.run.end_date = sim::Date::parse("2019-10-31");
  scenario.events.clear();
  return scenario;
}

}  // namespace emile::models::testing
