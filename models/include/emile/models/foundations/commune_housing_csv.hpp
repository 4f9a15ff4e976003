#pragma once
// Where a département's dwellings are: the main residences and vacant dwellings of each commune, read from a
// commune housing CSV file in INSEE's layout (census counts, as in `base chiffres clés logement`).
//
// Example:
//   const auto housing = emile::models::read_commune_housing_csv(data / "commune-housing-employment.csv");
//   const auto counts = emile::models::housing_of(housing, graph.communes(), file);
//
// Units: dwellings (weighted census estimates, so not whole numbers).
#include "emile/models/foundations/commune.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emile::models {

/// The dwellings of one commune.
struct CommuneHousing {
  double main_residences = 0;   ///< occupied dwellings
  double vacant_dwellings = 0;  ///< vacant dwellings, structural or not
};

/// Per INSEE code: the commune's dwellings, or nothing when the file leaves its cells empty (communes the
/// census has no figure for).
using CommuneHousingTable = std::map<std::string, std::optional<CommuneHousing>, std::less<>>;

/// Reads a commune housing CSV file. Format as `read_communes_csv` (RFC 4180, header line required); the
/// header must name the columns `insee_code, main_residences, vacant_dwellings` in any order, others are
/// ignored. A row's two counts are either both empty or both non-negative numbers.
///
/// Throws std::runtime_error("FILE:LINE: what is wrong") when the file cannot be read, the header lacks a
/// column, a row has a different number of fields than the header, a quote is misplaced, a count is not a
/// non-negative finite number or only one of the two is empty, or a code is empty or repeats.
CommuneHousingTable read_commune_housing_csv(const std::filesystem::path& file);

/// The dwellings of each of `communes`, in their order. Throws std::runtime_error("FILE: …") naming `file`
/// and the commune when one has no row or no figures in `table`.
std::vector<CommuneHousing> housing_of(const CommuneHousingTable& table, const std::vector<Commune>& communes,
                                       const std::filesystem::path& file);

}  // namespace emile::models
