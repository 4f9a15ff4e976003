// The scenario's layout: the rows of the territory tables (the origins, then the hosts), the hosts each origin
// sends households to and the keys naming an origin's parameters (scenario.hpp).
#include "emile/models/scenario/scenario.hpp"

#include <sstream>

namespace emile::models {

std::vector<std::string> host_codes(const OriginSettings& origin) {
  std::vector<std::string> codes;
  std::istringstream words(origin.hosts);
  for (std::string code; words >> code;) codes.push_back(code);
  return codes;
}

std::string origin_key(const Scenario& scenario, std::size_t origin, std::string_view field) {
  const std::string prefix = scenario.origins.size() == 1 ? "origin." : "origin." + scenario.origins[origin].code + ".";
  return prefix + std::string(field);
}

const std::string& row_code(const Scenario& scenario, std::size_t row) {
  return is_origin_row(scenario, row) ? scenario.origins[row].code
                                      : scenario.territories[row - scenario.origins.size()].code;
}

const std::string& row_name(const Scenario& scenario, std::size_t row) {
  return is_origin_row(scenario, row) ? scenario.origins[row].name
                                      : scenario.territories[row - scenario.origins.size()].name;
}

}  // namespace emile::models
