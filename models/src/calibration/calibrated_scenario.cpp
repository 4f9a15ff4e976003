#include "emile/models/calibration/calibrated_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace emile::models {
namespace {

std::string value_text(double value, bool integer) {
  return integer ? std::to_string(static_cast<long long>(std::llround(value))) : sim::toml_number(value);
}

}  // namespace

std::string calibrated_scenario(const CalibrationResult& result, const std::filesystem::path& file,
                                const std::filesystem::path& posterior, const std::string& invocation) {
  const auto& last = result.abc.generations.back();
  // Table → lines; an origin's or a territory's table by its list and code.
  std::map<std::string, std::vector<std::string>> sections;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> elements;
  for (std::size_t k = 0; k < result.keys.size(); ++k) {
    const std::string& key = result.keys[k];
    const std::string line =
        key.substr(key.rfind('.') + 1) + " = " + value_text(last.weighted_quantile(k, 0.5), result.priors[k].integer);
    const auto first = key.find('.');
    const std::string head = key.substr(0, first);
    if ((head == "territory" || head == "origin") && std::count(key.begin(), key.end(), '.') == 2) {
      elements[{head, key.substr(first + 1, key.rfind('.') - first - 1)}].push_back(line);
    } else if (key.find('[') == std::string::npos && std::count(key.begin(), key.end(), '.') == 1) {
      sections[head].push_back(line);
    } else {
      throw sim::ScenarioError({result.scenario.source.string(), 0, 0}, "uncertain", key,
                               "a calibrated scenario sets tables' keys and territories' by code; write this one by hand");
    }
  }
  std::ostringstream out;
  out << "# " << result.scenario.run.name << ", calibrated: each uncertain parameter at its posterior median.\n"
      << "# Made by: " << invocation << "\n"
      << "# Posterior: " << posterior.string() << " — run with `--posterior " << posterior.string()
      << "` to draw every replication's values from it.\n"
      << "base = \"" << std::filesystem::relative(std::filesystem::absolute(result.scenario.source),
                                                   std::filesystem::absolute(file).parent_path()).generic_string()
      << "\"\n";
  for (const auto& [section, lines] : sections) {
    out << "\n[" << section << "]\n";
    for (const auto& line : lines) out << line << "\n";
  }
  for (const auto& [element, lines] : elements) {
    out << "\n[[" << element.first << "]]\ncode = \"" << element.second << "\"\n";
    for (const auto& line : lines) out << line << "\n";
  }
  return out.str();
}

}  // namespace emile::models
