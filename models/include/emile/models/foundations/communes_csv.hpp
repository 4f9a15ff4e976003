#pragma once
// The real communes of a département, read from a communes CSV file in INSEE's layout.
//
// Example:
//   auto communes = emile::models::read_communes_csv(data / "communes.csv", "15");
//   const emile::models::CommuneGraph graph(std::move(communes));
#include "emile/models/foundations/commune.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// The communes of a communes file, by département code, each département's in file order.
using CommunesByDepartment = std::map<std::string, std::vector<Commune>, std::less<>>;

/// Reads every commune of a communes CSV file, grouped by département, and marks each département's hubs
/// with `hubs`. Same format and checks as `read_communes_csv`, except that no département is required.
CommunesByDepartment read_communes_by_department(const std::filesystem::path& file, const HubRule& hubs = {});

/// The communes of `department_code` in `departments` (a copy). Throws std::runtime_error("FILE: no commune of
/// département …") naming `file` when there are none.
std::vector<Commune> communes_of(const CommunesByDepartment& departments, std::string_view department_code,
                                 const std::filesystem::path& file);

/// Reads the communes of one département from a communes CSV file and marks its hubs with `hubs`.
///
/// Format: UTF-8, comma-separated, RFC 4180 quoting (a field may be enclosed in double quotes and then
/// hold commas, line breaks and doubled quotes ""), LF or CRLF line endings, a header line required.
/// The header must name the columns `insee_code, name, department_code, population, latitude, longitude`
/// in any order; other columns (e.g. `population_year`) are ignored. Every row of the file is checked,
/// not only those kept. Rows are returned in file order.
///
/// Throws std::runtime_error, with a message `FILE:LINE: what is wrong`, when the file cannot be read,
/// the header lacks a column, a row has a different number of fields than the header, a quote is
/// unterminated or misplaced, a population is not a non-negative integer, a coordinate is not a number or
/// lies outside [-90, 90] (latitude) / [-180, 180] (longitude), a code repeats within a département, or
/// no row belongs to `department_code`.
std::vector<Commune> read_communes_csv(const std::filesystem::path& file, std::string_view department_code,
                                       const HubRule& hubs = {});

}  // namespace emile::models
