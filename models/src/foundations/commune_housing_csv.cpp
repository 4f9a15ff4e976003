#include "emile/models/foundations/commune_housing_csv.hpp"

#include "argument_checks.hpp"
#include "csv_reader.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <system_error>

namespace emile::models {
namespace {

double parse_count(const CsvReader& reader, std::size_t line, std::string_view column, std::string_view value) {
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc{} || end != value.data() + value.size() || !std::isfinite(result)) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": not a number");
  }
  if (result < 0) reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": negative");
  return result;
}

}  // namespace

CommuneHousingTable read_commune_housing_csv(const std::filesystem::path& file) {
  CsvReader reader(file);
  const auto column = reader.header({"insee_code", "main_residences", "vacant_dwellings"});
  CommuneHousingTable table;
  std::map<std::string, std::size_t, std::less<>> lines;
  CsvRecord record;
  while (reader.next_row(record)) {
    const std::string& code = record.fields[column[0]];
    if (code.empty()) reader.fail(record.line, "insee_code is empty");
    if (const auto [first, inserted] = lines.emplace(code, record.line); !inserted) {
      reader.fail(record.line, "insee_code = " + in_quotes(code) + ": repeats line " + std::to_string(first->second));
    }
    const std::string& main = record.fields[column[1]];
    const std::string& vacant = record.fields[column[2]];
    if (main.empty() != vacant.empty()) {
      reader.fail(record.line, std::string(main.empty() ? "main_residences" : "vacant_dwellings") +
                                   " is empty but the other count is not");
    }
    std::optional<CommuneHousing> housing;
    if (!main.empty()) {
      housing = CommuneHousing{parse_count(reader, record.line, "main_residences", main),
                               parse_count(reader, record.line, "vacant_dwellings", vacant)};
    }
    table.emplace(code, housing);
  }
  return table;
}

std::vector<CommuneHousing> housing_of(const CommuneHousingTable& table, const std::vector<Commune>& communes,
                                       const std::filesystem::path& file) {
  std::vector<CommuneHousing> housing;
  housing.reserve(communes.size());
  for (const Commune& commune : communes) {
    const auto found = table.find(commune.code);
    if (found == table.end() || !found->second) {
      throw std::runtime_error(file.string() + ": commune " + in_quotes(commune.code) + " (" + commune.name + ") " +
                               (found == table.end() ? "has no row" : "has no figures"));
    }
    housing.push_back(*found->second);
  }
  return housing;
}

}  // namespace emile::models
