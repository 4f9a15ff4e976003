// Tests for the commune housing reader (emile/models/foundations/commune_housing_csv.hpp): counts read by column
// name, empty cells for communes without figures, every malformed row named by file and line, and the join onto a
// territory's communes; and, on the shipped data, that the pilot départements' communes all have figures.
#include "emile/models/foundations/commune_housing_csv.hpp"
#include "emile/models/foundations/communes_csv.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace emile::models {
namespace {

using emile::testing::TempDir;

constexpr std::string_view header = "insee_code,year,main_residences,vacant_dwellings,active_15_64\n";

std::string read_error(const std::filesystem::path& file) {
  try {
    read_commune_housing_csv(file);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

Commune commune(std::string code, std::string name) {
  Commune c;
  c.code = std::move(code);
  c.name = std::move(name);
  return c;
}

TEST(ReadCommuneHousingCsv, reads_both_counts_by_column_name_and_keeps_empty_cells_as_no_figures) {
  const TempDir dir;
  const auto file = dir.write("housing.csv", std::string("vacant_dwellings,insee_code,main_residences\n") +
                                                 "17.4,01001,341.2\n"
                                                 ",60694,\n"
                                                 "0,15014,12000\n");
  const auto table = read_commune_housing_csv(file);
  ASSERT_EQ(table.size(), 3u);
  ASSERT_TRUE(table.at("01001").has_value());
  EXPECT_DOUBLE_EQ(table.at("01001")->main_residences, 341.2);
  EXPECT_DOUBLE_EQ(table.at("01001")->vacant_dwellings, 17.4);
  EXPECT_FALSE(table.at("60694").has_value());
  EXPECT_DOUBLE_EQ(table.at("15014")->vacant_dwellings, 0);
}

TEST(ReadCommuneHousingCsv, rejects_malformed_rows_naming_file_and_line) {
  const TempDir dir;
  const auto error = [&](const std::string& rows) { return read_error(dir.write("h.csv", std::string(header) + rows)); };
  const std::string file = (dir.path() / "h.csv").string();
  EXPECT_EQ(error("01001,2021,-1,2,5\n"), file + ":2: main_residences = \"-1\": negative");
  EXPECT_EQ(error("01001,2021,1,2,5\n01002,2021,1,x,5\n"), file + ":3: vacant_dwellings = \"x\": not a number");
  EXPECT_EQ(error("01001,2021,,2,5\n"), file + ":2: main_residences is empty but the other count is not");
  EXPECT_EQ(error("01001,2021,1,2,5\n01001,2021,1,2,5\n"), file + ":3: insee_code = \"01001\": repeats line 2");
  EXPECT_EQ(error(",2021,1,2,5\n"), file + ":2: insee_code is empty");
  EXPECT_EQ(error("01001,2021,1,2\n"), file + ":2: 4 fields, but the header has 5");
  EXPECT_EQ(read_error(dir.write("no-vacant.csv", "insee_code,main_residences\n01001,3\n")),
            (dir.path() / "no-vacant.csv").string() + ":1: header: missing column \"vacant_dwellings\"");
  EXPECT_NE(read_error(dir.path() / "missing.csv").find("missing.csv"), std::string::npos);
}

TEST(CommuneHousing, joins_the_counts_onto_communes_in_their_order_and_names_a_commune_without_figures) {
  const TempDir dir;
  const auto file = dir.write("h.csv", std::string(header) + "A,2021,10,1,0\nB,2021,20,2,0\nC,2021,,,\n");
  const auto table = read_commune_housing_csv(file);
  const auto housing = housing_of(table, {commune("B", "Bé"), commune("A", "Â")}, file);
  ASSERT_EQ(housing.size(), 2u);
  EXPECT_DOUBLE_EQ(housing[0].main_residences, 20);
  EXPECT_DOUBLE_EQ(housing[1].vacant_dwellings, 1);
  const auto message = [&](const Commune& c) {
    try {
      housing_of(table, {c}, file);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message(commune("C", "Cé")), file.string() + ": commune \"C\" (Cé) has no figures");
  EXPECT_EQ(message(commune("D", "Dé")), file.string() + ": commune \"D\" (Dé) has no row");
}

// The shipped tables join: every commune of every département in data/communes.csv has housing figures, and the
// sums are the département's census counts (department-housing.csv, 2021) up to rounding.
TEST(CommuneHousingShipped, every_shipped_commune_has_figures_summing_to_the_departement) {
  const std::filesystem::path data = std::filesystem::path(EMILE_SOURCE_DIR) / "data";
  const auto departments = read_communes_by_department(data / "communes.csv");
  const auto table = read_commune_housing_csv(data / "commune-housing-employment.csv");
  EXPECT_EQ(departments.size(), 96u);
  double cantal_vacant = 0;
  double cantal_main = 0;
  for (const auto& [code, communes] : departments) {
    const auto housing = housing_of(table, communes, data / "commune-housing-employment.csv");
    if (code == "15") {
      for (const auto& h : housing) {
        cantal_vacant += h.vacant_dwellings;
        cantal_main += h.main_residences;
      }
    }
  }
  // data/README.md: Cantal in 2021 has 69,535 main residences and 11,966 vacant dwellings (sums rounded).
  EXPECT_NEAR(cantal_main, 69535, 0.5);
  EXPECT_NEAR(cantal_vacant, 11966, 0.5);
}

}  // namespace
}  // namespace emile::models
