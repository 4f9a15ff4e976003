#include "emile/models/foundations/communes_csv.hpp"

#include "argument_checks.hpp"
#include "csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <stdexcept>
#include <system_error>

namespace emile::models {
namespace {

std::int64_t parse_population(const CsvReader& reader, std::size_t line, std::string_view value) {
  std::int64_t result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size()) {
    reader.fail(line, "population = " + in_quotes(value) + ": not a whole number");
  }
  if (result < 0) reader.fail(line, "population = " + in_quotes(value) + ": negative");
  return result;
}

double parse_coordinate(const CsvReader& reader, std::size_t line, std::string_view column, std::string_view value,
                        double limit) {
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() || !std::isfinite(result)) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": not a number");
  }
  if (result < -limit || result > limit) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": outside [-" +
                          std::to_string(static_cast<int>(limit)) + ", " + std::to_string(static_cast<int>(limit)) +
                          "] degrees");
  }
  return result;
}

}  // namespace

CommunesByDepartment read_communes_by_department(const std::filesystem::path& file, const HubRule& hubs) {
  CsvReader reader(file);
  const auto column = reader.header({"insee_code", "name", "department_code", "population", "latitude", "longitude"});
  CommunesByDepartment departments;
  std::map<std::string, std::vector<std::pair<std::string, std::size_t>>, std::less<>> lines;  // codes, to report repeats
  CsvRecord record;
  while (reader.next_row(record)) {
    Commune commune;
    commune.code = record.fields[column[0]];
    commune.name = record.fields[column[1]];
    const std::string& department = record.fields[column[2]];
    if (commune.code.empty()) reader.fail(record.line, "insee_code is empty");
    commune.population = parse_population(reader, record.line, record.fields[column[3]]);
    commune.latitude = parse_coordinate(reader, record.line, "latitude", record.fields[column[4]], 90);
    commune.longitude = parse_coordinate(reader, record.line, "longitude", record.fields[column[5]], 180);
    lines[department].emplace_back(commune.code, record.line);
    departments[department].push_back(std::move(commune));
  }
  for (auto& [department, codes] : lines) {
    std::stable_sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t k = 1; k < codes.size(); ++k) {
      if (codes[k].first == codes[k - 1].first) {
        reader.fail(codes[k].second, "insee_code = " + in_quotes(codes[k].first) + ": repeats line " +
                                         std::to_string(codes[k - 1].second));
      }
    }
  }
  for (auto& [department, communes] : departments) mark_hubs(communes, hubs);
  return departments;
}

std::vector<Commune> communes_of(const CommunesByDepartment& departments, std::string_view department_code,
                                 const std::filesystem::path& file) {
  const auto found = departments.find(department_code);
  if (found == departments.end()) {
    throw std::runtime_error(file.string() + ": no commune of département " + in_quotes(department_code));
  }
  return found->second;
}

std::vector<Commune> read_communes_csv(const std::filesystem::path& file, std::string_view department_code,
                                       const HubRule& hubs) {
  return communes_of(read_communes_by_department(file, hubs), department_code, file);
}

}  // namespace emile::models
