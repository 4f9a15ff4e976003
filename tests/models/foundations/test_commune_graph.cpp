// Tests for the commune graph and what feeds it (emile/models/foundations/commune.hpp, communes_csv.hpp,
// commune_synthesis.hpp, commune_graph.hpp, travel_time_distribution.hpp): the communes CSV reader and its errors,
// hub marking, the road and public-transport graphs (metric properties, connectivity, hand-computed times),
// commute feasibility, travel times computed only as far as a reach, the deterministic synthesis, travel-time
// distributions and the synthetic geography of the six 2019 pilot départements against their real communes
// (data/communes.csv).
#include "emile/models/foundations/commune.hpp"
#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/models/foundations/communes_csv.hpp"
#include "emile/models/foundations/travel_time_distribution.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <limits>
#include <numbers>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {
namespace {

namespace fs = std::filesystem;

constexpr double earth_radius_km = 6371.0088;
constexpr double km_per_degree = earth_radius_km * std::numbers::pi / 180.0;
constexpr std::string_view header = "insee_code,name,department_code,population,population_year,latitude,longitude\n";

using emile::testing::TempDir;

// The message of the std::runtime_error thrown by reading `file`, or "" when nothing is thrown.
std::string read_error(const fs::path& file, std::string_view department = "15") {
  try {
    read_communes_csv(file, department);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

// The message of the std::invalid_argument thrown by `action`, or "" when nothing is thrown.
std::string invalid_argument_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

Commune make_commune(std::string code, std::int64_t population, double latitude, double longitude,
                     bool hub = false) {
  return Commune{code, "Commune " + code, population, latitude, longitude, hub};
}

double haversine_km(const Commune& a, const Commune& b) {
  const double to_radians = std::numbers::pi / 180.0;
  const double dlat = (b.latitude - a.latitude) * to_radians;
  const double dlon = (b.longitude - a.longitude) * to_radians;
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.latitude * to_radians) *
                                                                 std::cos(b.latitude * to_radians) *
                                                                 std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * earth_radius_km * std::asin(std::sqrt(s));
}

// A mid-sized rural département, as used by several tests.
DepartmentGeography rural_geography() {
  return DepartmentGeography{"15", 200, 150'000, 5'700, 45.05, 2.67};
}

// A more urban one, with some thirty hubs (communes of 5,000 inhabitants or more).
DepartmentGeography urban_geography() {
  return DepartmentGeography{"49", 176, 824'743, 7'166, 47.39, -0.56};
}

// Positions in km east and north of a centre (equirectangular projection, accurate to ~0.5 % over 50 km).
struct Xy {
  double x;
  double y;
};

std::vector<Xy> local_km(const std::vector<Commune>& communes, double centre_latitude, double centre_longitude) {
  std::vector<Xy> points;
  const double km_per_degree_longitude = km_per_degree * std::cos(centre_latitude * std::numbers::pi / 180.0);
  for (const Commune& c : communes) {
    points.push_back({(c.longitude - centre_longitude) * km_per_degree_longitude,
                      (c.latitude - centre_latitude) * km_per_degree});
  }
  return points;
}

// The area of the convex hull of `points` (Andrew's monotone chain, then the shoelace formula).
double convex_hull_area(std::vector<Xy> points) {
  std::sort(points.begin(), points.end(), [](Xy a, Xy b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  auto cross = [](Xy o, Xy a, Xy b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); };
  std::vector<Xy> hull(2 * points.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  double twice_area = 0;
  for (std::size_t i = 0; i < hull.size(); ++i) {
    const Xy a = hull[i];
    const Xy b = hull[(i + 1) % hull.size()];
    twice_area += a.x * b.y - b.x * a.y;
  }
  return std::abs(twice_area) / 2;
}

TEST(ReadCommunesCsv, reads_quoted_names_with_commas_doubled_quotes_and_utf8) {
  const TempDir dir;
  const std::string content = std::string(header) +
                              "15014,Aurillac,15,25815,2021,44.92539,2.43983\n"
                              "\"15999\",\"Saint-Jean, le \"\"Vieux\"\"\",\"15\",120,2021,45.0,2.5\n"
                              "15187,Saint-Étienne-de-Chomeil,15,6423,2021,45.03,3.09\n"
                              "46042,Cahors,46,20141,2021,44.45,1.44\n";
  const auto file = dir.write("communes.csv", content);
  const auto communes = read_communes_csv(file, "15");
  ASSERT_EQ(communes.size(), 3u);
  EXPECT_EQ(communes[0].code, "15014");
  EXPECT_EQ(communes[0].name, "Aurillac");
  EXPECT_EQ(communes[0].population, 25815);
  EXPECT_DOUBLE_EQ(communes[0].latitude, 44.92539);
  EXPECT_DOUBLE_EQ(communes[0].longitude, 2.43983);
  EXPECT_EQ(communes[1].code, "15999");
  EXPECT_EQ(communes[1].name, "Saint-Jean, le \"Vieux\"");
  EXPECT_EQ(communes[2].name, "Saint-\xC3\x89tienne-de-Chomeil");
}

TEST(ReadCommunesCsv, keeps_only_the_requested_departement_in_file_order) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,A,15,10,2021,45.0,2.5\n"
                                                  "46001,B,46,20,2021,44.5,1.5\n"
                                                  "15002,C,15,30,2021,45.1,2.6\n"
                                                  "150,D,150,40,2021,45.2,2.7\n");
  const auto communes = read_communes_csv(file, "15");
  ASSERT_EQ(communes.size(), 2u);
  EXPECT_EQ(communes[0].code, "15001");
  EXPECT_EQ(communes[1].code, "15002");
  EXPECT_EQ(read_communes_csv(file, "46").size(), 1u);
}

TEST(ReadCommunesCsv, accepts_crlf_line_endings_a_byte_order_mark_and_blank_lines) {
  const TempDir dir;
  const auto file = dir.write("communes.csv",
                              "\xEF\xBB\xBFinsee_code,name,department_code,population,population_year,latitude,"
                              "longitude\r\n"
                              "15001,\"A, a\",15,10,2021,45.0,2.5\r\n"
                              "\r\n"
                              "15002,B,15,30,2021,45.1,2.6");  // no final line break
  const auto communes = read_communes_csv(file, "15");
  ASSERT_EQ(communes.size(), 2u);
  EXPECT_EQ(communes[0].name, "A, a");
  EXPECT_EQ(communes[1].population, 30);
  EXPECT_DOUBLE_EQ(communes[1].longitude, 2.6);
}

TEST(ReadCommunesCsv, finds_columns_by_name_and_ignores_extra_ones) {
  const TempDir dir;
  const auto file = dir.write("communes.csv",
                              "longitude,latitude,extra,population,name,department_code,insee_code\n"
                              "2.5,45.0,\"x,y\",10,A,15,15001\n");
  const auto communes = read_communes_csv(file, "15");
  ASSERT_EQ(communes.size(), 1u);
  EXPECT_EQ(communes[0].code, "15001");
  EXPECT_EQ(communes[0].population, 10);
  EXPECT_DOUBLE_EQ(communes[0].latitude, 45.0);
  EXPECT_DOUBLE_EQ(communes[0].longitude, 2.5);
}

TEST(ReadCommunesCsv, rejects_a_row_with_a_missing_column_naming_its_line) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,A,15,10,2021,45.0,2.5\n"
                                                  "15002,B,15,10,2021,45.0\n");
  const std::string message = read_error(file);
  EXPECT_NE(message.find("communes.csv:3: "), std::string::npos) << message;
  EXPECT_NE(message.find("6 fields, but the header has 7"), std::string::npos) << message;
}

TEST(ReadCommunesCsv, rejects_bad_numbers_and_out_of_range_coordinates_naming_line_and_column) {
  struct Case {
    std::string row;
    std::string expected;
  };
  const Case cases[] = {
      {"15002,B,15,abc,2021,45.0,2.5", "population = \"abc\": not a whole number"},
      {"15002,B,15,12.5,2021,45.0,2.5", "population = \"12.5\": not a whole number"},
      {"15002,B,15,,2021,45.0,2.5", "population = \"\": not a whole number"},
      {"15002,B,15,-4,2021,45.0,2.5", "population = \"-4\": negative"},
      {"15002,B,15,10,2021,north,2.5", "latitude = \"north\": not a number"},
      {"15002,B,15,10,2021,45.0,2.5e", "longitude = \"2.5e\": not a number"},
      {"15002,B,15,10,2021,nan,2.5", "latitude = \"nan\": not a number"},
      {"15002,B,15,10,2021,95.0,2.5", "latitude = \"95.0\": outside [-90, 90] degrees"},
      {"15002,B,15,10,2021,45.0,-200", "longitude = \"-200\": outside [-180, 180] degrees"},
      {",B,15,10,2021,45.0,2.5", "insee_code is empty"},
  };
  const TempDir dir;
  for (const Case& c : cases) {
    const auto file = dir.write("communes.csv", std::string(header) + "15001,A,15,10,2021,45.0,2.5\n" + c.row + "\n");
    const std::string message = read_error(file);
    EXPECT_NE(message.find("communes.csv:3: " + c.expected), std::string::npos)
        << "row: " << c.row << "\nmessage: " << message;
  }
}

TEST(ReadCommunesCsv, checks_the_rows_of_other_departements_too) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,A,15,10,2021,45.0,2.5\n"
                                                  "46001,B,46,many,2021,44.5,1.5\n");
  EXPECT_NE(read_error(file, "15").find("communes.csv:3: population"), std::string::npos);
}

TEST(ReadCommunesCsv, rejects_malformed_quoting_naming_the_line) {
  const TempDir dir;
  const auto unterminated = dir.write("a.csv", std::string(header) + "15001,\"Aurillac,15,10,2021,45.0,2.5\n");
  EXPECT_NE(read_error(unterminated).find("a.csv:2: unterminated quoted field"), std::string::npos);

  const auto stray = dir.write("b.csv", std::string(header) + "15001,Le \"Bourg\",15,10,2021,45.0,2.5\n");
  EXPECT_NE(read_error(stray).find("b.csv:2: quote inside an unquoted field"), std::string::npos);

  const auto after_closing = dir.write("c.csv", std::string(header) + "15001,\"Le \"Bourg,15,10,2021,45.0,2.5\n");
  EXPECT_NE(read_error(after_closing).find("c.csv:2: unexpected character after a closing quote"),
            std::string::npos);
}

TEST(ReadCommunesCsv, counts_physical_lines_when_a_quoted_field_spans_lines) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,\"Two\nlines\",15,10,2021,45.0,2.5\n"
                                                  "15002,B,15,10,2021,45.0\n");
  const std::string message = read_error(file);
  EXPECT_NE(message.find("communes.csv:4: "), std::string::npos) << message;
  // And the multi-line name itself is kept whole.
  const auto good = dir.write("good.csv", std::string(header) + "15001,\"Two\nlines\",15,10,2021,45.0,2.5\n");
  EXPECT_EQ(read_communes_csv(good, "15").at(0).name, "Two\nlines");
}

TEST(ReadCommunesCsv, rejects_a_missing_header_column_an_empty_or_missing_file) {
  const TempDir dir;
  const auto no_population = dir.write("a.csv", "insee_code,name,department_code,latitude,longitude\n"
                                                "15001,A,15,45.0,2.5\n");
  EXPECT_NE(read_error(no_population).find("a.csv:1: header: missing column \"population\""), std::string::npos);

  const auto empty = dir.write("b.csv", "");
  EXPECT_NE(read_error(empty).find("b.csv:1: empty file"), std::string::npos);

  const auto absent = empty.parent_path() / "absent.csv";
  EXPECT_NE(read_error(absent).find("absent.csv: not found"), std::string::npos);
}

TEST(ReadCommunesCsv, rejects_an_unknown_departement_and_a_repeated_code) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,A,15,10,2021,45.0,2.5\n"
                                                  "15002,B,15,10,2021,45.0,2.5\n"
                                                  "15001,C,15,10,2021,45.0,2.5\n");
  const auto valid = dir.write("valid.csv", std::string(header) + "15001,A,15,10,2021,45.0,2.5\n");
  EXPECT_NE(read_error(valid, "99").find("no commune of département \"99\""), std::string::npos);
  // A repeat is refused whichever département is asked for: every row of the file is checked.
  for (const char* department : {"15", "99"}) {
    const std::string message = read_error(file, department);
    EXPECT_NE(message.find("communes.csv:4: insee_code = \"15001\": repeats line 2"), std::string::npos) << message;
  }
}

TEST(ReadCommunesCsv, marks_hubs_with_the_given_rule) {
  const TempDir dir;
  const auto file = dir.write("communes.csv", std::string(header) +
                                                  "15001,A,15,800,2021,45.0,2.5\n"
                                                  "15002,B,15,7000,2021,45.1,2.5\n"
                                                  "15003,C,15,300,2021,45.2,2.5\n"
                                                  "15004,D,15,5000,2021,45.3,2.5\n");
  const auto communes = read_communes_csv(file, "15", HubRule{5000, 1});
  EXPECT_FALSE(communes[0].hub);
  EXPECT_TRUE(communes[1].hub);
  EXPECT_FALSE(communes[2].hub);
  EXPECT_TRUE(communes[3].hub);  // exactly at the threshold
}

TEST(MarkHubs, marks_large_communes_and_always_the_largest_ones) {
  std::vector<Commune> communes = {make_commune("a", 900, 45, 2), make_commune("b", 4000, 45, 2),
                                   make_commune("c", 12000, 45, 2), make_commune("d", 900, 45, 2),
                                   make_commune("e", 100, 45, 2)};
  mark_hubs(communes, HubRule{5000, 3});
  // c by population; b and then a (ties broken by order) as the three largest.
  EXPECT_TRUE(communes[0].hub);
  EXPECT_TRUE(communes[1].hub);
  EXPECT_TRUE(communes[2].hub);
  EXPECT_FALSE(communes[3].hub);
  EXPECT_FALSE(communes[4].hub);

  mark_hubs(communes, HubRule{100'000, 1});
  EXPECT_EQ(std::count_if(communes.begin(), communes.end(), [](const Commune& c) { return c.hub; }), 1);
  EXPECT_TRUE(communes[2].hub);

  EXPECT_NE(invalid_argument_of([&] { mark_hubs(communes, HubRule{5000, 0}); }).find("hubs.min_count"),
            std::string::npos);
}

TEST(CommuneGraph, a_road_link_takes_great_circle_km_times_detour_over_speed) {
  // 0.1° of latitude is exactly 11.1195 km on the mean sphere.
  const CommuneGraph graph({make_commune("a", 100, 45.0, 3.0), make_commune("b", 100, 45.1, 3.0)});
  const double km = earth_radius_km * 0.1 * std::numbers::pi / 180.0;
  EXPECT_NEAR(graph.car_minutes(0, 1), km * 1.3 / 60.0 * 60.0, 1e-4);
  EXPECT_NEAR(graph.walk_bike_minutes(0, 1), km * 1.3 / 12.0 * 60.0, 1e-3);

  RoadParameters slow;
  slow.car_speed_kmh = 30;
  slow.road_detour_factor = 1.5;
  const CommuneGraph slow_graph({make_commune("a", 100, 45.0, 3.0), make_commune("b", 100, 45.1, 3.0)}, slow);
  EXPECT_NEAR(slow_graph.car_minutes(0, 1), km * 1.5 / 30.0 * 60.0, 1e-4);
}

TEST(CommuneGraph, car_times_are_zero_on_the_diagonal_symmetric_finite_and_metric) {
  const CommuneGraph graph(synthesise_communes(rural_geography(), {7, 0}));
  const std::size_t n = graph.size();
  ASSERT_EQ(n, 200u);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(graph.car_minutes(i, i), 0.0f);
    for (std::size_t j = 0; j < n; ++j) {
      ASSERT_TRUE(std::isfinite(graph.car_minutes(i, j))) << i << " → " << j << ": the graph is not connected";
      ASSERT_EQ(graph.car_minutes(i, j), graph.car_minutes(j, i)) << i << " ↔ " << j;
      if (i != j) { ASSERT_GT(graph.car_minutes(i, j), 0.0f); }
    }
  }
  // Triangle inequality, up to float rounding of the stored times.
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const float ij = graph.car_minutes(i, j);
      for (std::size_t k = 0; k < n; ++k) {
        const float via = graph.car_minutes(i, k) + graph.car_minutes(k, j);
        ASSERT_LE(ij, via * (1 + 1e-5f) + 1e-5f) << i << " → " << j << " via " << k;
      }
    }
  }
}

TEST(CommuneGraph, a_trip_is_never_faster_than_the_crow_flies_on_detoured_roads) {
  const auto communes = synthesise_communes(rural_geography(), {8, 0});
  const CommuneGraph graph(communes);
  for (std::size_t i = 0; i < graph.size(); ++i) {
    for (std::size_t j = 0; j < graph.size(); ++j) {
      const double bound = haversine_km(communes[i], communes[j]) * 1.3;  // minutes at 60 km/h
      ASSERT_GE(graph.car_minutes(i, j), bound * (1 - 1e-5)) << i << " → " << j;
    }
  }
}

TEST(CommuneGraph, connects_distant_clusters_that_nearest_neighbours_leave_apart) {
  std::vector<Commune> communes;
  for (int k = 0; k < 5; ++k) communes.push_back(make_commune("w" + std::to_string(k), 100, 45.0 + 0.01 * k, 2.0));
  for (int k = 0; k < 5; ++k) communes.push_back(make_commune("e" + std::to_string(k), 100, 45.0 + 0.01 * k, 3.5));
  RoadParameters roads;
  roads.nearest_neighbours = 2;
  const CommuneGraph graph(communes, roads);
  const double gap_km = haversine_km(communes[4], communes[9]) * 0.99;  // the clusters are ~118 km apart
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t j = 5; j < 10; ++j) {
      EXPECT_TRUE(std::isfinite(graph.car_minutes(i, j)));
      EXPECT_GE(graph.car_minutes(i, j), gap_km * 1.3);
    }
  }
}

TEST(CommuneGraph, more_road_links_never_lengthen_a_trip) {
  const auto communes = synthesise_communes(rural_geography(), {9, 0});
  RoadParameters few;
  few.nearest_neighbours = 3;
  RoadParameters many;
  many.nearest_neighbours = 8;
  const CommuneGraph sparse(communes, few);
  const CommuneGraph dense(communes, many);
  EXPECT_LT(sparse.road_links(), dense.road_links());
  std::size_t shorter = 0;
  for (std::size_t i = 0; i < communes.size(); ++i) {
    for (std::size_t j = 0; j < communes.size(); ++j) {
      ASSERT_LE(dense.car_minutes(i, j), sparse.car_minutes(i, j) * (1 + 1e-6f));
      if (dense.car_minutes(i, j) < sparse.car_minutes(i, j) * (1 - 1e-3f)) ++shorter;
    }
  }
  EXPECT_GT(shorter, 0u);
}

TEST(CommuneGraph, is_built_identically_every_time) {
  const auto communes = synthesise_communes(rural_geography(), {10, 0});
  const CommuneGraph a(communes);
  const CommuneGraph b(communes);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < a.size(); ++j) {
      ASSERT_EQ(a.car_minutes(i, j), b.car_minutes(i, j));
      ASSERT_EQ(a.transit_minutes(i, j), b.transit_minutes(i, j));
    }
  }
}

TEST(CommuneGraph, finds_communes_by_code_and_checks_indices) {
  const CommuneGraph graph({make_commune("15014", 25815, 44.93, 2.44), make_commune("15187", 6423, 45.03, 3.09),
                            make_commune("15001", 200, 45.0, 2.8)});
  EXPECT_EQ(graph.size(), 3u);
  EXPECT_EQ(graph.find("15187"), 1u);
  EXPECT_EQ(graph.find("15001"), 2u);
  EXPECT_EQ(graph.find("15999"), std::nullopt);
  EXPECT_EQ(graph.commune(0).code, "15014");
  EXPECT_THROW(graph.commune(3), std::out_of_range);
  EXPECT_THROW(graph.car_minutes(0, 3), std::out_of_range);
  EXPECT_THROW(graph.transit_minutes(7, 0), std::out_of_range);
  EXPECT_THROW(graph.reachable(0, 3, CommuteMode::car), std::out_of_range);
}

TEST(CommuneGraph, accepts_a_single_commune) {
  const CommuneGraph graph({make_commune("15014", 25815, 44.93, 2.44, true)});
  EXPECT_EQ(graph.car_minutes(0, 0), 0.0f);
  EXPECT_EQ(graph.transit_minutes(0, 0), 0.0f);
  EXPECT_TRUE(graph.reachable(0, 0, CommuteMode::no_car));
  EXPECT_TRUE(car_travel_time_distribution(graph).minutes.empty());
}

TEST(CommuneGraph, rejects_no_communes_a_repeated_code_and_bad_parameters) {
  EXPECT_NE(invalid_argument_of([] { CommuneGraph graph({}); }).find("no commune"), std::string::npos);
  EXPECT_NE(invalid_argument_of([] {
              CommuneGraph graph({make_commune("a", 1, 45, 2), make_commune("a", 1, 45.1, 2)});
            }).find("\"a\" appears twice"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([] {
              CommuneGraph graph({make_commune("a", 1, std::numeric_limits<double>::quiet_NaN(), 2)});
            }).find("commune \"a\" (index 0) latitude = nan"),
            std::string::npos);
  const std::vector<Commune> two = {make_commune("a", 1, 45, 2), make_commune("b", 1, 45.1, 2)};
  RoadParameters bad_speed;
  bad_speed.car_speed_kmh = 0;
  EXPECT_NE(invalid_argument_of([&] { CommuneGraph graph(two, bad_speed); }).find("road.car_speed_kmh = 0"),
            std::string::npos);
  RoadParameters bad_detour;
  bad_detour.road_detour_factor = 0.8;
  EXPECT_NE(invalid_argument_of([&] { CommuneGraph graph(two, bad_detour); }).find("road.road_detour_factor"),
            std::string::npos);
  RoadParameters bad_neighbours;
  bad_neighbours.nearest_neighbours = 0;
  EXPECT_NE(invalid_argument_of([&] { CommuneGraph graph(two, bad_neighbours); }).find("road.nearest_neighbours"),
            std::string::npos);
}

TEST(CommuneGraph, public_transport_runs_only_between_hubs) {
  // Three hubs on a meridian 0.1° apart, and a village between the first two.
  const std::vector<Commune> communes = {make_commune("h1", 9000, 45.0, 3.0, true),
                                         make_commune("h2", 8000, 45.1, 3.0, true),
                                         make_commune("h3", 7000, 45.2, 3.0, true),
                                         make_commune("v", 100, 45.05, 3.001, false)};
  RoadParameters roads;
  roads.transit_links_per_hub = 1;  // h1–h2, h2–h3 (h3's nearest is h2): a line
  const CommuneGraph graph(communes, roads);
  const double km = earth_radius_km * 0.1 * std::numbers::pi / 180.0;
  const double ride = km * 1.3 / 40.0 * 60.0 + 10.0;
  EXPECT_EQ(graph.transit_links(), 2u);
  EXPECT_EQ(graph.transit_minutes(0, 0), 0.0f);
  EXPECT_NEAR(graph.transit_minutes(0, 1), ride, 1e-3);
  EXPECT_NEAR(graph.transit_minutes(2, 0), 2 * ride, 1e-3);  // one change, two waits
  EXPECT_EQ(graph.transit_minutes(0, 3), std::numeric_limits<float>::infinity());
  EXPECT_EQ(graph.transit_minutes(3, 3), std::numeric_limits<float>::infinity());
}

TEST(CommuneGraph, hubs_without_a_chain_of_links_are_unreachable_by_public_transport) {
  RoadParameters roads;
  roads.transit_links_per_hub = 0;
  const CommuneGraph graph({make_commune("h1", 9000, 45.0, 3.0, true), make_commune("h2", 8000, 45.1, 3.0, true)},
                           roads);
  EXPECT_EQ(graph.transit_minutes(0, 1), std::numeric_limits<float>::infinity());
  EXPECT_EQ(graph.transit_minutes(1, 1), 0.0f);
}

TEST(CommuneGraph, a_household_without_a_car_never_reaches_beyond_its_limits) {
  const CommuneGraph graph(synthesise_communes(urban_geography(), {11, 0}));
  const CommuteLimits limits;
  std::size_t by_transit_only = 0;
  for (std::size_t home = 0; home < graph.size(); ++home) {
    for (std::size_t work = 0; work < graph.size(); ++work) {
      const bool walk = graph.walk_bike_minutes(home, work) <= limits.walk_bike_minutes;
      const bool transit = graph.commune(home).hub && graph.commune(work).hub &&
                           graph.transit_minutes(home, work) <= limits.transit_minutes;
      const bool expected = home == work || walk || transit;
      ASSERT_EQ(graph.reachable(home, work, CommuteMode::no_car, limits), expected) << home << " → " << work;
      if (transit && !walk) ++by_transit_only;
    }
  }
  EXPECT_GT(by_transit_only, 0u) << "public transport should add some jobs for households without a car";
}

TEST(CommuneGraph, a_car_reaches_farther) {
  const CommuneGraph graph(synthesise_communes(rural_geography(), {12, 0}));
  const CommuteLimits limits;
  std::size_t with_car = 0;
  std::size_t without_car = 0;
  for (std::size_t home = 0; home < graph.size(); ++home) {
    for (std::size_t work = 0; work < graph.size(); ++work) {
      const bool car = graph.reachable(home, work, CommuteMode::car, limits);
      const bool no_car = graph.reachable(home, work, CommuteMode::no_car, limits);
      if (no_car) { ASSERT_TRUE(car) << home << " → " << work; }
      if (car && !no_car) { ASSERT_LE(graph.car_minutes(home, work), limits.car_minutes); }
      with_car += car;
      without_car += no_car;
    }
  }
  EXPECT_GT(with_car, 2 * without_car);
}

TEST(CommuneGraph, longer_limits_never_shrink_the_reachable_jobs) {
  const CommuneGraph graph(synthesise_communes(rural_geography(), {13, 0}));
  const CommuteLimits short_limits{30, 10, 45};
  const CommuteLimits long_limits{60, 30, 90};
  for (const CommuteMode mode : {CommuteMode::car, CommuteMode::no_car}) {
    std::size_t gained = 0;
    for (std::size_t home = 0; home < graph.size(); ++home) {
      for (std::size_t work = 0; work < graph.size(); ++work) {
        const bool before = graph.reachable(home, work, mode, short_limits);
        const bool after = graph.reachable(home, work, mode, long_limits);
        if (before) { ASSERT_TRUE(after); }
        gained += after && !before;
      }
    }
    EXPECT_GT(gained, 0u);
  }
}

TEST(CommuneGraph, a_village_close_by_car_is_out_of_reach_on_foot) {
  // Two villages 0.1° apart: 14.5 minutes by car, 72 minutes by bicycle, no public transport.
  const CommuneGraph graph({make_commune("a", 300, 45.0, 3.0), make_commune("b", 200, 45.1, 3.0)});
  EXPECT_TRUE(graph.reachable(0, 1, CommuteMode::car));
  EXPECT_FALSE(graph.reachable(0, 1, CommuteMode::no_car));
  EXPECT_TRUE(graph.reachable(1, 1, CommuteMode::no_car));
}

// A graph built for a reach holds, on every pair within it, the very time the graph of every pair holds, and
// +infinity beyond it (the searches go a millionth further: rounding never hides a time within the reach). On the
// real communes of Seine-Maritime (708 communes), for a reach where the car limit sets the roads' search and one
// where the walk/bike limit does (60 minutes at 12 km/h: 12 car minutes at 60 km/h, beyond the car's 10).
TEST(CommuneGraph, a_reach_keeps_every_time_within_it_exactly_as_the_full_graph) {
  const fs::path file = fs::path(EMILE_SOURCE_DIR) / "data" / "communes.csv";
  const auto communes = read_communes_csv(file, "76");
  const sim::Executor executor(2);
  const CommuneGraph full(communes, {}, unlimited_reach, executor);
  const double margin = 1 + 1e-6;
  constexpr float infinity = std::numeric_limits<float>::infinity();
  for (const CommuteLimits reach : {CommuteLimits{45, 15, 60}, CommuteLimits{10, 60, 30}}) {
    const CommuneGraph bounded(communes, {}, reach, executor);
    EXPECT_EQ(bounded.reach().car_minutes, reach.car_minutes);
    const double roads = std::max(reach.car_minutes, reach.walk_bike_minutes * 12 / 60);
    std::size_t within = 0, beyond = 0, transit_within = 0, transit_beyond = 0;
    for (std::size_t i = 0; i < full.size(); ++i) {
      for (std::size_t j = 0; j < full.size(); ++j) {
        const float car = full.car_minutes(i, j);
        if (car <= roads) {
          ASSERT_EQ(bounded.car_minutes(i, j), car) << i << " → " << j;
          ASSERT_EQ(bounded.walk_bike_minutes(i, j), full.walk_bike_minutes(i, j)) << i << " → " << j;
          ++within;
        } else if (car > roads * margin) {
          ASSERT_EQ(bounded.car_minutes(i, j), infinity) << i << " → " << j;
          ++beyond;
        }
        const float transit = full.transit_minutes(i, j);
        if (transit <= reach.transit_minutes) {
          ASSERT_EQ(bounded.transit_minutes(i, j), transit) << i << " → " << j;
          ++transit_within;
        } else if (transit > reach.transit_minutes * margin) {
          ASSERT_EQ(bounded.transit_minutes(i, j), infinity) << i << " → " << j;
          transit_beyond += std::isfinite(transit);
        }
        for (const CommuteLimits limits : {reach, CommuteLimits{reach.car_minutes / 2, reach.walk_bike_minutes / 2,
                                                                reach.transit_minutes / 2}}) {
          for (const CommuteMode mode : {CommuteMode::car, CommuteMode::no_car}) {
            ASSERT_EQ(bounded.reachable(i, j, mode, limits), full.reachable(i, j, mode, limits)) << i << " → " << j;
          }
        }
      }
    }
    // Both sides of the reach are populated, so the comparison says something.
    EXPECT_GT(within, full.size());
    EXPECT_GT(beyond, full.size());
    EXPECT_GT(transit_within, 0u);
    EXPECT_GT(transit_beyond, 0u);
  }
}

TEST(CommuneGraph, refuses_limits_beyond_its_reach_and_a_negative_reach) {
  const auto communes = synthesise_communes(rural_geography(), {14, 0});
  const CommuteLimits reach{45, 15, 60};
  const CommuneGraph graph(communes, {}, reach);
  EXPECT_NO_THROW(graph.reachable(0, 1, CommuteMode::car, reach));
  for (const CommuteLimits beyond : {CommuteLimits{46, 15, 60}, CommuteLimits{45, 16, 60}, CommuteLimits{45, 15, 61}}) {
    try {
      graph.reachable(0, 1, CommuteMode::no_car, beyond);
      ADD_FAILURE() << "limits beyond the reach were answered: " << describe(beyond);
    } catch (const std::logic_error& e) {
      EXPECT_NE(std::string(e.what()).find("beyond the graph's reach (car 45, walk/bike 15, transit 60 minutes)"),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(graph.reachable(0, 1, CommuteMode::car), std::logic_error);  // the default limits walk 20 minutes
  EXPECT_NE(invalid_argument_of([&] { CommuneGraph bad(communes, {}, CommuteLimits{-1, 15, 60}); })
                .find("reach.car_minutes = -1"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] {
              CommuneGraph bad(communes, {}, CommuteLimits{45, 15, std::numeric_limits<double>::quiet_NaN()});
            }).find("reach.transit_minutes"),
            std::string::npos);
}

bool same_communes(const std::vector<Commune>& a, const std::vector<Commune>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].code != b[i].code || a[i].name != b[i].name || a[i].population != b[i].population ||
        a[i].latitude != b[i].latitude || a[i].longitude != b[i].longitude || a[i].hub != b[i].hub) {
      return false;
    }
  }
  return true;
}

TEST(SynthesiseCommunes, is_deterministic_for_a_seed_and_differs_for_another) {
  const auto geography = rural_geography();
  const auto a = synthesise_communes(geography, {2019, 0});
  EXPECT_TRUE(same_communes(a, synthesise_communes(geography, {2019, 0})));
  EXPECT_FALSE(same_communes(a, synthesise_communes(geography, {2020, 0})));
  EXPECT_FALSE(same_communes(a, synthesise_communes(geography, {2019, 1})));
  auto other = geography;
  other.code = "46";
  auto b = synthesise_communes(other, {2019, 0});
  for (Commune& c : b) c.code.replace(0, 2, "15");  // compare everything but the codes
  EXPECT_FALSE(same_communes(a, b));
}

TEST(SynthesiseCommunes, has_the_requested_communes_and_exactly_the_population) {
  for (const DepartmentGeography& geography :
       {DepartmentGeography{"48", 152, 76'519, 5'167, 44.52, 3.50},
        DepartmentGeography{"76", 708, 1'255'918, 6'278, 49.66, 0.94}, DepartmentGeography{"XX", 1, 1, 10, 45, 2},
        DepartmentGeography{"YY", 50, 50, 100, 45, 2}}) {
    const auto communes = synthesise_communes(geography, {1, 0});
    ASSERT_EQ(communes.size(), static_cast<std::size_t>(geography.communes)) << geography.code;
    std::int64_t total = 0;
    std::set<std::string> codes;
    for (std::size_t r = 0; r < communes.size(); ++r) {
      EXPECT_GE(communes[r].population, 1);
      if (r > 0) { EXPECT_LE(communes[r].population, communes[r - 1].population); }
      total += communes[r].population;
      codes.insert(communes[r].code);
    }
    EXPECT_EQ(total, geography.population) << geography.code;
    EXPECT_EQ(codes.size(), communes.size());
    EXPECT_TRUE(communes[0].hub);
  }
  const auto communes = synthesise_communes(rural_geography(), {1, 0});
  EXPECT_EQ(communes[0].code, "15-0001");
  EXPECT_EQ(communes[199].code, "15-0200");
}

TEST(SynthesiseCommunes, follows_the_rank_size_rule_without_noise) {
  SynthesisParameters exact;
  exact.population_noise = 0;
  exact.rank_size_exponent = 1.0;
  const auto communes = synthesise_communes(DepartmentGeography{"25", 500, 5'000'000, 5'000, 47.1, 6.3}, {3, 0},
                                            exact);
  for (const std::size_t r : {2, 5, 10, 100}) {
    const double ratio = static_cast<double>(communes[0].population) / static_cast<double>(communes[r - 1].population);
    EXPECT_NEAR(ratio, static_cast<double>(r), 0.01 * static_cast<double>(r)) << "rank " << r;
  }
}

TEST(SynthesiseCommunes, places_communes_within_the_departements_area) {
  for (const std::uint32_t replication : {0u, 1u, 2u, 3u}) {
    const auto geography = rural_geography();
    const SynthesisParameters parameters;
    const auto communes = synthesise_communes(geography, {2019, replication}, parameters);
    const auto points = local_km(communes, geography.centre_latitude, geography.centre_longitude);
    const double radius = std::sqrt(geography.area_km2 / std::numbers::pi);
    const double semi_major = radius * std::sqrt(parameters.elongation);
    double mean_x = 0;
    double mean_y = 0;
    for (const Xy p : points) {
      ASSERT_LE(std::hypot(p.x, p.y), semi_major * 1.01);
      mean_x += p.x / static_cast<double>(points.size());
      mean_y += p.y / static_cast<double>(points.size());
    }
    // The convex hull of points inside an ellipse of the département's area is smaller than that area,
    // and an even spread fills most of it.
    const double hull = convex_hull_area(points);
    EXPECT_LE(hull, geography.area_km2 * 1.02);
    EXPECT_GE(hull, geography.area_km2 * 0.8);
    EXPECT_LT(std::hypot(mean_x, mean_y), 0.1 * radius) << "the communes should be centred on the centre";
  }
}

TEST(SynthesiseCommunes, keeps_the_two_largest_towns_apart) {
  const auto geography = rural_geography();
  const SynthesisParameters parameters;
  const double radius = std::sqrt(geography.area_km2 / std::numbers::pi);
  for (std::uint32_t replication = 0; replication < 10; ++replication) {
    const auto communes = synthesise_communes(geography, {5, replication}, parameters);
    EXPECT_GE(haversine_km(communes[0], communes[1]), 0.99 * parameters.main_town_spacing * radius);
  }
}

TEST(SynthesiseCommunes, rejects_invalid_figures_and_parameters_naming_the_field) {
  auto geography = rural_geography();
  geography.communes = 0;
  EXPECT_NE(invalid_argument_of([&] { synthesise_communes(geography, {1, 0}); }).find("geography.communes = 0"),
            std::string::npos);
  geography = rural_geography();
  geography.population = 10;
  EXPECT_NE(invalid_argument_of([&] { synthesise_communes(geography, {1, 0}); }).find("geography.population = 10"),
            std::string::npos);
  geography = rural_geography();
  geography.area_km2 = -5;
  EXPECT_NE(invalid_argument_of([&] { synthesise_communes(geography, {1, 0}); }).find("geography.area_km2 = -5"),
            std::string::npos);
  SynthesisParameters parameters;
  parameters.satellite_share = 1.5;
  EXPECT_NE(invalid_argument_of([&] { synthesise_communes(rural_geography(), {1, 0}, parameters); })
                .find("synthesis.satellite_share = 1.5"),
            std::string::npos);
}

TEST(TravelTimeDistribution, weighs_each_pair_of_communes_by_the_product_of_populations) {
  // Three communes on a meridian at 0, 0.1° and 0.3°; one road link each: a–b–c.
  RoadParameters roads;
  roads.nearest_neighbours = 1;
  const CommuneGraph graph({make_commune("a", 1, 45.0, 3.0), make_commune("b", 2, 45.1, 3.0),
                            make_commune("c", 3, 45.3, 3.0)},
                           roads);
  const auto distribution = car_travel_time_distribution(graph);
  const double minutes_per_tenth = earth_radius_km * 0.1 * std::numbers::pi / 180.0 * 1.3;
  ASSERT_EQ(distribution.minutes.size(), 3u);
  EXPECT_NEAR(distribution.minutes[0], minutes_per_tenth, 1e-3);      // a–b, weight 1 × 2
  EXPECT_NEAR(distribution.minutes[1], 2 * minutes_per_tenth, 1e-3);  // b–c, weight 2 × 3
  EXPECT_NEAR(distribution.minutes[2], 3 * minutes_per_tenth, 1e-3);  // a–c, weight 1 × 3
  EXPECT_NEAR(distribution.cumulative[0], 2.0 / 11.0, 1e-12);
  EXPECT_NEAR(distribution.cumulative[1], 8.0 / 11.0, 1e-12);
  EXPECT_EQ(distribution.cumulative[2], 1.0);
  EXPECT_EQ(quantile(distribution, 0.0), distribution.minutes[0]);
  EXPECT_EQ(quantile(distribution, 0.5), distribution.minutes[1]);
  EXPECT_EQ(quantile(distribution, 0.9), distribution.minutes[2]);
  EXPECT_EQ(quantile(distribution, 1.0), distribution.minutes[2]);
  EXPECT_THROW(quantile(distribution, 1.5), std::invalid_argument);
  EXPECT_THROW(quantile(TravelTimeDistribution{}, 0.5), std::invalid_argument);
}

// The distribution describes every pair: a graph whose car times stop at a reach cannot give it.
TEST(TravelTimeDistribution, needs_every_pair_so_refuses_a_graph_with_a_car_reach) {
  const auto communes = synthesise_communes(rural_geography(), {15, 0});
  EXPECT_FALSE(car_travel_time_distribution(CommuneGraph(communes)).minutes.empty());
  const CommuneGraph bounded(communes, {}, CommuteLimits{45, 15, 60});
  EXPECT_NE(invalid_argument_of([&] { car_travel_time_distribution(bounded); }).find("unlimited_reach"),
            std::string::npos);
}

TEST(TravelTimeDistribution, kolmogorov_smirnov_is_the_largest_gap_between_cumulative_shares) {
  const TravelTimeDistribution a{{10, 20}, {0.5, 1.0}};
  const TravelTimeDistribution b{{15}, {1.0}};
  const TravelTimeDistribution c{{100, 200}, {0.25, 1.0}};
  EXPECT_DOUBLE_EQ(kolmogorov_smirnov(a, a), 0.0);
  EXPECT_DOUBLE_EQ(kolmogorov_smirnov(a, b), 0.5);
  EXPECT_DOUBLE_EQ(kolmogorov_smirnov(b, a), 0.5);
  EXPECT_DOUBLE_EQ(kolmogorov_smirnov(a, c), 1.0);
  EXPECT_THROW(kolmogorov_smirnov(a, TravelTimeDistribution{}), std::invalid_argument);
}

// Measure: the Kolmogorov–Smirnov distance between the population-weighted car travel-time distributions
// of the real and the synthetic commune graph (both with default RoadParameters), averaged over five
// replications of the synthesis (seed 2019, replications 0–4).
//
// Threshold: 0.20. At every commute limit t at once, the share of population pairs within t minutes by car
// then differs by at most 20 percentage points on average between the synthetic and the real geography.
// It is derived from the spread between real départements, not from the synthetic results: the
// synthesis sees only four figures (communes, population, area, centre), and the real pilots differ from
// one another by 0.04–0.31 (median 0.16; Doubs and Lozère, of equal area, by 0.31). A synthesis that cannot
// see a département's outline cannot be expected to be closer to each one than real départements of
// the same size are to each other; 0.20 asks it to be about that close.
//
// Measured with the default SynthesisParameters (mean over the five replications, worst replication):
//   15 Cantal 0.117 (0.122), 25 Doubs 0.160 (0.173), 46 Lot 0.063 (0.084), 48 Lozère 0.164 (0.182),
//   49 Maine-et-Loire 0.151 (0.167), 76 Seine-Maritime 0.101 (0.126).
// The test prints the current values.
constexpr double pilot_threshold = 0.20;

struct Pilot {
  const char* code;
  const char* name;
  double area_km2;  // INSEE, superficie of the département
};

constexpr Pilot pilots[] = {{"15", "Cantal", 5726},         {"25", "Doubs", 5234},
                            {"46", "Lot", 5217},            {"48", "Lozère", 5167},
                            {"49", "Maine-et-Loire", 7166}, {"76", "Seine-Maritime", 6278}};

TEST(CommuneGraphPilots, synthetic_car_travel_times_match_the_real_geography) {
  const fs::path file = fs::path(EMILE_SOURCE_DIR) / "data" / "communes.csv";

  std::vector<TravelTimeDistribution> real_distributions;
  std::ostringstream report;
  report << std::fixed << std::setprecision(3);
  report << "dép.  communes  population  build ms  real median/p90  synthetic median/p90  KS mean  KS worst\n";
  for (const Pilot& pilot : pilots) {
    const auto communes = read_communes_csv(file, pilot.code);
    const auto start = std::chrono::steady_clock::now();
    const CommuneGraph real(communes);
    const double build_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (std::string_view(pilot.code) == "76") {
      ::testing::Test::RecordProperty("seine_maritime_build_ms", std::to_string(build_ms));
    }
    for (std::size_t j = 0; j < real.size(); ++j) {
      ASSERT_TRUE(std::isfinite(real.car_minutes(0, j))) << pilot.name << ": the road graph is not connected";
    }

    // The figures the synthesis gets: the real counts, the INSEE area, and the centroid of the communes.
    DepartmentGeography geography{pilot.code, static_cast<int>(communes.size()), 0, pilot.area_km2, 0, 0};
    for (const Commune& c : communes) {
      geography.population += c.population;
      geography.centre_latitude += c.latitude / static_cast<double>(communes.size());
      geography.centre_longitude += c.longitude / static_cast<double>(communes.size());
    }

    const auto real_distribution = car_travel_time_distribution(real);
    double ks_sum = 0;
    double ks_worst = 0;
    double median_sum = 0;
    double p90_sum = 0;
    constexpr int replications = 5;
    for (std::uint32_t replication = 0; replication < replications; ++replication) {
      const CommuneGraph synthetic(synthesise_communes(geography, {2019, replication}));
      const auto synthetic_distribution = car_travel_time_distribution(synthetic);
      const double ks = kolmogorov_smirnov(real_distribution, synthetic_distribution);
      ks_sum += ks;
      ks_worst = std::max(ks_worst, ks);
      median_sum += quantile(synthetic_distribution, 0.5);
      p90_sum += quantile(synthetic_distribution, 0.9);
    }
    const double ks_mean = ks_sum / replications;
    report << std::setw(4) << pilot.code << std::setw(10) << communes.size() << std::setw(12) << geography.population
           << std::setw(10) << std::setprecision(1) << build_ms << std::setw(10) << quantile(real_distribution, 0.5)
           << " / " << std::setw(5) << quantile(real_distribution, 0.9) << std::setw(15)
           << median_sum / replications << " / " << std::setw(5) << p90_sum / replications
           << std::setprecision(3) << std::setw(9) << ks_mean << std::setw(10) << ks_worst << "\n";
    EXPECT_LE(ks_mean, pilot_threshold) << pilot.name;
    real_distributions.push_back(real_distribution);
  }

  // For context: how far the real pilots are from one another.
  report << "KS between real pilots:";
  for (std::size_t a = 0; a < real_distributions.size(); ++a) {
    for (std::size_t b = a + 1; b < real_distributions.size(); ++b) {
      report << " " << pilots[a].code << "-" << pilots[b].code << " "
             << kolmogorov_smirnov(real_distributions[a], real_distributions[b]);
    }
  }
  std::cout << report.str() << "\n";
}

}  // namespace
}  // namespace emile::models
