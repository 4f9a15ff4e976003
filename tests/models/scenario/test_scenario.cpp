#include "emile/models/scenario/scenario.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace {

using namespace emile;

const std::filesystem::path pilot_path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml";

std::string error_of(const std::vector<sim::Override>& overrides) {
  try {
    models::load_scenario(pilot_path, overrides);
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Scenario, loads_the_shipped_pilot) {
  const auto s = models::load_scenario(pilot_path);
  EXPECT_EQ(s.run.name, "pilot-2019");
  EXPECT_EQ(s.run.start_date.iso(), "2019-06-14");
  ASSERT_EQ(s.territories.size(), 6u);
  EXPECT_EQ(s.territories[0].code, "15");
  EXPECT_EQ(s.territories[0].vacant_dwellings, 11966);
  EXPECT_EQ(s.matching.mechanism, models::MatchingMechanism::greedy);  // a default
}

TEST(Scenario, round_trips_through_its_resolved_toml) {
  const auto s = models::load_scenario(pilot_path);
  const std::string text = models::to_toml(s);
  const auto dir = std::filesystem::temp_directory_path() / ("emile-scenario-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "resolved.toml") << text;
  const auto again = models::load_scenario(dir / "resolved.toml");
  EXPECT_EQ(models::to_toml(again), text);
  std::filesystem::remove_all(dir);
}

// A relative data file resolves against the folder of the file that names it — a variant in another folder inherits
// its base's file — and the scenario holds it as an absolute path, so that its TOML, written anywhere (a run's
// record, a checkpoint), names the same file. A `--set` value resolves against the scenario's folder.
TEST(Scenario, resolves_a_data_file_against_the_folder_of_the_file_that_names_it) {
  const emile::testing::TempDir dir;
  const auto communes = dir.write("data/communes.csv", "insee_code,name,department_code,population,latitude,longitude\n");
  const auto expected = std::filesystem::absolute(communes).lexically_normal().string();
  dir.write("top.toml", "base = \"" + pilot_path.string() + "\"\n[geography]\ncommunes_file = \"data/communes.csv\"\n");
  const auto variant_path = dir.write("variants/variant.toml", "base = \"../top.toml\"\n");
  const auto variant = models::load_scenario(variant_path);
  EXPECT_EQ(variant.geography.communes_file, expected);
  const auto elsewhere = dir.write("elsewhere/resolved.toml", models::to_toml(variant));
  EXPECT_EQ(models::load_scenario(elsewhere).geography.communes_file, expected);

  const auto set = models::load_scenario(variant_path, {{"geography.communes_file", "\"../data/communes.csv\""}});
  EXPECT_EQ(set.geography.communes_file, expected);
  try {
    models::load_scenario(variant_path, {{"geography.communes_file", "\"data/communes.csv\""}});
    ADD_FAILURE() << "a --set path resolves against the scenario's folder, which has no data/";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("geography.communes_file = \"data/communes.csv\": no such file: "),
              std::string::npos) << e.what();
  }
}

TEST(Scenario, refuses_commune_housing_without_real_communes) {
  const auto message = error_of({{"geography.communes_file", "\"\""},
                                 {"geography.commune_housing_file", "\"../data/commune-housing-employment.csv\""}});
  EXPECT_NE(message.find("geography.commune_housing_file"), std::string::npos) << message;
  EXPECT_NE(message.find("needs geography.communes_file"), std::string::npos) << message;
}

TEST(Scenario, reads_from_text_as_from_its_file) {
  std::ifstream in(pilot_path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto s = models::read_scenario(text, pilot_path.string(), {{"origin.caseworkers", "40"}});
  const auto file = models::load_scenario(pilot_path, {{"origin.caseworkers", "40"}});
  EXPECT_EQ(models::to_toml(s), models::to_toml(file));
  EXPECT_EQ(s.source, pilot_path);
  EXPECT_EQ(s.locations.at("territory[0].code").line, file.locations.at("territory[0].code").line);
}

TEST(Scenario, refuses_a_base_in_text_read_from_memory) {
  try {
    models::read_scenario("# a variant\nbase = \"pilot-2019.toml\"\n", "variant.toml");
    FAIL() << "no error";
  } catch (const sim::ScenarioError& e) {
    EXPECT_STREQ(e.what(), "variant.toml:2:8: base = \"pilot-2019.toml\": text read from memory cannot have a base file");
  }
}

TEST(Scenario, refuses_an_end_before_the_start) {
  EXPECT_EQ(error_of({{"run.end_date", "2019-01-01"}}),
            "--set run.end_date=2019-01-01: run.end_date = 2019-01-01: must not precede run.start_date (2019-06-14)");
}

TEST(Scenario, refuses_duplicate_territory_codes) {
  const auto message = error_of({{"territory[1].code", "\"15\""}});
  EXPECT_EQ(message, "--set territory[1].code=\"15\": territory[1].code = \"15\": duplicate code: origins and territories share one list of codes");
}

TEST(Scenario, refuses_events_outside_the_run_naming_the_line) {
  const auto message = error_of({{"run.end_date", "2020-01-31"}});
  EXPECT_NE(message.find("pilot-2019.toml:"), std::string::npos) << message;
  EXPECT_NE(message.find("event[0].date = 2020-03-17: outside the run (2019-06-14 to 2020-01-31)"), std::string::npos) << message;
}

TEST(Scenario, refuses_a_set_event_with_an_unknown_key) {
  const auto message = error_of({{"event[0].kind", "\"set\""}, {"event[0].key", "\"origin.casewrokers\""}});
  EXPECT_NE(message.find("event[0].key = \"origin.casewrokers\": no such parameter; valid keys here: caseload, caseworkers"),
            std::string::npos)
      << message;
}

TEST(Scenario, sets_levers_by_dotted_key) {
  auto s = models::load_scenario(pilot_path);
  models::set_parameter(s, "territory.48.immersion_slots_per_month", 9);
  models::set_parameter(s, "pathway.direct_referral", 1);
  models::set_parameter(s, "origin.referrals_per_year", 512.5);
  EXPECT_EQ(s.territories[3].immersion_slots_per_month, 9);
  EXPECT_TRUE(s.pathway.direct_referral);
  EXPECT_DOUBLE_EQ(s.origins.front().referrals_per_year, 512.5);
  EXPECT_THROW(models::set_parameter(s, "origin.caseworkers", 2.5), sim::ScenarioError);
  EXPECT_THROW(models::set_parameter(s, "origin.caseworkers", -1), sim::ScenarioError);
  EXPECT_THROW(models::set_parameter(s, "territory.99.caseworkers", 1), sim::ScenarioError);
}

TEST(Scenario, documents_every_parameter_with_unit_and_meaning) {
  const auto rows = models::scenario_schema().node()->describe();
  EXPECT_GT(rows.size(), 80u);
  for (const auto& row : rows) EXPECT_FALSE(row.meaning.empty()) << row.key;
}

// Every numeric or boolean parameter declared fixed for the run is refused as the key of a dated `set` event, with
// the declared reason, even when the event sets the value it already has; every other one is accepted.
TEST(Scenario, refuses_a_dated_set_of_a_parameter_fixed_for_the_run_and_accepts_the_others) {
  const auto base = models::load_scenario(pilot_path);  // its one event, the lockdown, is event[0]
  std::size_t refused = 0, accepted = 0;
  for (const auto& row : models::scenario_schema().node()->describe()) {
    if (row.type != "number" && row.type != "integer" && row.type != "boolean") continue;
    if (row.key.starts_with("lever[]")) continue;  // the pilot declares no lever
    if (row.key.starts_with("uncertain[]")) continue;  // no parameter of the run: [uncertain] is refused by key
    std::string key = row.key;
    if (key.starts_with("origin[].")) key = "origin." + key.substr(9);  // the only origin
    if (key.starts_with("territory[].")) key = "territory.15." + key.substr(12);
    if (key.starts_with("event[].")) key = "event[0]." + key.substr(8);
    const sim::SourceLocation here{"test", 0, 0};
    const auto value = sim::get_value(*models::scenario_schema().node(), &base, key, here);
    models::Scenario scenario = base;
    models::EventSettings event;
    event.date = sim::Date::parse("2020-06-01");
    event.key = key;
    event.value = std::visit([](const auto& v) -> double {
      if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>) return static_cast<double>(v);
      return 0;
    }, value);
    scenario.events.push_back(event);
    try {
      models::validate(scenario);
      EXPECT_TRUE(row.fixed.empty()) << key << " is fixed, yet a dated set of it was accepted";
      ++accepted;
    } catch (const sim::ScenarioError& e) {
      EXPECT_FALSE(row.fixed.empty()) << key << ": " << e.what();
      EXPECT_EQ(e.problem(), "cannot change during a run (" + row.fixed + "); set it in the scenario or with --set") << key;
      ++refused;
    }
  }
  EXPECT_GT(refused, 40u);
  EXPECT_GT(accepted, 60u);
}

// A selector after `territory.` is always a code: in the national scenario code "15" (Cantal) sits at position
// 14 and code "14" (Calvados) at position 13, yet each key lands on its own code, reading and writing alike.
TEST(Scenario, addresses_territories_by_code_never_by_position) {
  const auto national_path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/national.toml";
  const auto s = models::load_scenario(national_path, {{"territory.15.reserved_dwellings", "777"}});
  const auto by_code = [&](const models::Scenario& scenario, const std::string& code) {
    return *std::find_if(scenario.territories.begin(), scenario.territories.end(),
                         [&](const auto& t) { return t.code == code; });
  };
  EXPECT_EQ(by_code(s, "15").reserved_dwellings, 777);
  EXPECT_NE(by_code(s, "16").reserved_dwellings, 777);
  EXPECT_NE(s.territories[15].code, "15");  // the position 15 is another territory
  auto set = models::load_scenario(national_path);
  models::set_parameter(set, "territory.15.reserved_dwellings", 777);
  EXPECT_EQ(by_code(set, "15").reserved_dwellings, 777);
  models::set_parameter(set, "territory[0].reserved_dwellings", 555);
  EXPECT_EQ(set.territories[0].reserved_dwellings, 555);
}

TEST(Scenario, refuses_a_position_written_as_a_code_naming_the_bracket_syntax) {
  EXPECT_NE(error_of({{"event.0.weeks", "4"}}).find("[[event]] elements have no code: address them by position, event[N]"),
            std::string::npos);
  EXPECT_NE(error_of({{"territory.0.caseworkers", "4"}})
                .find("no [[territory]] has code \"0\" (to address one by its 0-based position, write territory[0])"),
            std::string::npos);
  EXPECT_NE(error_of({{"territory[6].caseworkers", "4"}}).find("there are 6 [[territory]], at positions 0 to 5"),
            std::string::npos);
}

TEST(Scenario, refuses_territory_codes_that_keys_cannot_address) {
  for (const char* code : {"\"\"", "\"4.8\"", "\" 15\"", "\"1[2]\"", "\"15]\""}) {  // control characters: refused by the reader
    EXPECT_NE(error_of({{"territory[0].code", code}}).find("a code must be non-empty and hold no dot"),
              std::string::npos)
        << code;
  }
}
