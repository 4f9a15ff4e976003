#include "emile/sim/parameters.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

using namespace emile::sim;

enum class Mechanism { greedy, optimal };
constexpr std::array<std::string_view, 2> mechanism_names{"greedy", "optimal"};

struct Place {
  std::string code;
  std::int64_t slots = 0;
};
struct Settings {
  std::int64_t caseworkers = 0;
  double rate = 0;
  Mechanism mechanism = Mechanism::optimal;
  Date start;
  bool lockdown = false;
  std::vector<double> weights;
  struct Inner {
    double share = 0;
  } inner;
  std::vector<Place> places;
};

Schema<Settings> schema() {
  Schema<Place> place;
  place.text("code", &Place::code, std::nullopt, any_value(), "Code").integer("slots", &Place::slots, 4, "slots", at_least(0), "Slots");
  Schema<Settings::Inner> inner;
  inner.number("share", &Settings::Inner::share, 0.25, "share", in_range(0, 1), "A share");
  Schema<Settings> s;
  s.integer("caseworkers", &Settings::caseworkers, 10, "caseworkers", at_least(0), "Caseworkers")
      .raises("served", "1", "20")
      .number("rate", &Settings::rate, 1.5, "per year", at_least(0), "A rate")
      .source("a survey")
      .inert("no place is open", "1", "2")
      .lowers("waiting", "1", "2", {{"lockdown", "true"}}, "places are open")
      .choice("mechanism", &Settings::mechanism, Mechanism::greedy, mechanism_names, "Mechanism")
      .date("start", &Settings::start, std::nullopt, "Start")
      .flag("lockdown", &Settings::lockdown, false, "Lockdown")
      .numbers("weights", &Settings::weights, std::vector<double>{1, 1}, "weight", numbers_in(2, 0, 10), "Weights")
      .within_noise("served", "it reorders the draws only", "[1, 1]", "[1, 2]", {{"caseworkers", "3"}})
      .retired("slots_per_year", "replaced by place.slots")
      .section("inner", &Settings::inner, inner, "Inner")
      .list("place", &Settings::places, place, "Places");
  return s;
}

Settings read(const std::string& text, const std::vector<Override>& overrides = {}) {
  auto s = schema();
  Settings out = s.defaults();
  read_toml(text, "test.toml", *s.node(), &out, overrides);
  return out;
}

std::string error_of(const std::string& text, const std::vector<Override>& overrides = {}) {
  try {
    read(text, overrides);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Parameters, reads_values_and_keeps_defaults_for_absent_keys) {
  const auto s = read("start = 2019-06-14\nrate = 3\n[inner]\nshare = 0.5\n[[place]]\ncode = \"15\"\n[[place]]\ncode = \"25\"\nslots = 2\n");
  EXPECT_EQ(s.caseworkers, 10);
  EXPECT_DOUBLE_EQ(s.rate, 3.0);
  EXPECT_EQ(s.mechanism, Mechanism::greedy);
  EXPECT_EQ(s.start.iso(), "2019-06-14");
  EXPECT_DOUBLE_EQ(s.inner.share, 0.5);
  ASSERT_EQ(s.places.size(), 2u);
  EXPECT_EQ(s.places[0].slots, 4);
  EXPECT_EQ(s.places[1].slots, 2);
}

TEST(Parameters, rejects_an_unknown_key_listing_the_valid_ones) {
  EXPECT_EQ(error_of("start = 2019-06-14\ncasewrokers = 3\n"),
            "test.toml:2:15: casewrokers = 3: unknown key; valid keys at the top level: caseworkers, inner, lockdown, "
            "mechanism, place, rate, start, weights");
  EXPECT_EQ(error_of("start = 2019-06-14\n[inner]\nshares = 1\n"),
            "test.toml:3:10: inner.shares = 1: unknown key; valid keys in [inner]: share");
}

TEST(Parameters, refuses_a_retired_key_saying_what_replaced_it) {
  EXPECT_EQ(error_of("start = 2019-06-14\nslots_per_year = 3\n"),
            "test.toml:2:18: slots_per_year = 3: no longer a parameter: replaced by place.slots");
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"slots_per_year", "3"}}),
            "--set slots_per_year=3: slots_per_year = 3: no longer a parameter: replaced by place.slots");
  auto s = schema();
  Settings settings = s.defaults();
  try {
    set_number(*s.node(), &settings, "slots_per_year", 3, {"event", 4, 1});
    FAIL() << "a retired key was set";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.problem(), "no longer a parameter: replaced by place.slots");
  }
}

TEST(Parameters, rejects_a_wrong_type_naming_file_line_and_key) {
  EXPECT_EQ(error_of("start = 2019-06-14\ncaseworkers = \"three\"\n"),
            "test.toml:2:15: caseworkers = \"three\": expected an integer (a whole number, such as 40)");
  EXPECT_EQ(error_of("start = 2019-06-14\ncaseworkers = 2.5\n"), "test.toml:2:15: caseworkers = 2.5: expected an integer (a whole number, such as 40)");
  EXPECT_EQ(error_of("start = \"2019-06-14\"\n"),
            "test.toml:1:9: start = \"2019-06-14\": expected a date written YYYY-MM-DD (unquoted)");
}

TEST(Parameters, rejects_values_that_break_their_rule) {
  EXPECT_EQ(error_of("start = 2019-06-14\ncaseworkers = -1\n"), "test.toml:2:15: caseworkers = -1: must be ≥ 0");
  EXPECT_EQ(error_of("start = 2019-06-14\n[inner]\nshare = 1.5\n"),
            "test.toml:3:9: inner.share = 1.5: must be in [0, 1]");
  EXPECT_EQ(error_of("start = 2019-06-14\nmechanism = \"random\"\n"),
            "test.toml:2:13: mechanism = \"random\": must be one of greedy, optimal");
  EXPECT_EQ(error_of("start = 2019-06-14\nweights = [1, 2, 3]\n"),
            "test.toml:2:11: weights = [1, 2, 3]: must hold 2 numbers in [0, 10]");
  EXPECT_EQ(error_of("start = 2019-06-14\nrate = inf\n"), "test.toml:2:8: rate = inf: must be a finite number");
}

TEST(Parameters, requires_keys_without_defaults) {
  EXPECT_EQ(error_of("rate = 1.0\n"), "test.toml:1:1: start: required date is missing");
  EXPECT_EQ(error_of("start = 2019-06-14\n[[place]]\nslots = 1\n"),
            "test.toml:2:1: place[0].code: required string is missing");
}

TEST(Parameters, reports_syntax_errors_with_their_position) {
  const auto message = error_of("start = 2019-06-14\nrate = = 2\n");
  EXPECT_EQ(message.rfind("test.toml:2:", 0), 0u) << message;
  EXPECT_NE(message.find("TOML syntax error"), std::string::npos) << message;
  EXPECT_NE(error_of(std::string("a\0b", 3)).find("not a text file"), std::string::npos);
}

// toml++ 3.3.0 fails on these (undefined behaviour, an assertion) unless compiled as sim/src/toml.hpp does.
TEST(Parameters, reports_accented_letters_outside_strings_as_syntax_errors) {
  EXPECT_EQ(error_of("start = 2019-06-14\ndurée = 3\n"),
            "test.toml:2:4: TOML syntax error: Error while parsing key-value pair: expected '=', saw 'é'");
  EXPECT_EQ(error_of("start = 2019-06-14é\n"),
            "test.toml:1:19: TOML syntax error: Error while parsing date: expected value-terminator, saw 'é'");
}

TEST(Parameters, reports_a_table_header_without_a_key_as_a_syntax_error) {
  EXPECT_EQ(error_of("start = 2019-06-14\n[[=place]]\ncode = \"15\"\n"),
            "test.toml:2:3: TOML syntax error: Error while parsing key: expected bare key starting character or string "
            "delimiter, saw '='");
}

TEST(Parameters, applies_overrides_by_key_and_by_list_code) {
  const auto s = read("start = 2019-06-14\n[[place]]\ncode = \"15\"\n",
                      {{"caseworkers", "40"}, {"inner.share", "0.75"}, {"place.15.slots", "9"}});
  EXPECT_EQ(s.caseworkers, 40);
  EXPECT_DOUBLE_EQ(s.inner.share, 0.75);
  EXPECT_EQ(s.places[0].slots, 9);
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"caseworkers", "-4"}}),
            "--set caseworkers=-4: caseworkers = -4: must be ≥ 0");
  // A value that is not TOML is explained by what the key expects, in the user's terms.
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"mechanism", "optimal"}}),
            "--set mechanism=optimal: mechanism = optimal: expected text in double quotes (such as \"greedy\"); on a "
            "command line, quote the quotes: --set 'mechanism=\"optimal\"'");
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"caseworkers", "forty"}}),
            "--set caseworkers=forty: caseworkers = forty: expected an integer (a whole number, such as 40)");
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"nothing", "forty"}})
                .rfind("--set nothing=forty: nothing = forty: not a TOML value (text needs double quotes)", 0),
            0u);
  // A code that names no element lists the codes there are.
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"place.99.slots", "1"}}),
            "--set place.99.slots=1: place.99.slots = 1: no [[place]] has code \"99\"");
  EXPECT_EQ(error_of("start = 2019-06-14\n[[place]]\ncode = \"15\"\n[[place]]\ncode = \"25\"\n", {{"place.99.slots", "1"}}),
            "--set place.99.slots=1: place.99.slots = 1: no [[place]] has code \"99\"; the codes are 15, 25");
  EXPECT_EQ(error_of("start = 2019-06-14\n", {{"outer.share", "1"}}),
            "--set outer.share=1: outer.share = 1: \"outer\" is not a table or list here; valid keys: caseworkers, "
            "inner, lockdown, mechanism, place, rate, start, weights");
}

TEST(Parameters, writes_every_parameter_and_reads_it_back_identically) {
  const auto s = read("start = 2019-06-14\nrate = 0.1\n[[place]]\ncode = \"15\"\n");
  const std::string text = write_toml(*schema().node(), &s);
  EXPECT_NE(text.find("caseworkers = 10\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[[place]]\ncode = \"15\"\nslots = 4\n"), std::string::npos) << text;
  const auto again = read(text);
  EXPECT_EQ(write_toml(*schema().node(), &again), text);
  EXPECT_DOUBLE_EQ(again.rate, 0.1);
}

TEST(Parameters, writes_control_characters_in_strings_escaped_and_refuses_them_when_read_back) {
  auto s = read("start = 2019-06-14\n[[place]]\ncode = \"abcd\"\n");
  s.places[0].code = "a\x7f" "b\x01" "c\td";  // set in code, not read: the reader refuses control characters
  const std::string text = write_toml(*schema().node(), &s);
  EXPECT_NE(text.find("code = \"a\\u007fb\\u0001c\\td\"\n"), std::string::npos) << text;
  EXPECT_NE(error_of(text).find("holds the control character U+007F"), std::string::npos);
}

TEST(Parameters, reads_a_variant_over_its_base_file) {
  const auto dir = std::filesystem::temp_directory_path() / ("emile-params-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "base.toml") << "start = 2019-06-14\ncaseworkers = 3\n[[place]]\ncode = \"15\"\nslots = 2\n";
  std::ofstream(dir / "variant.toml") << "base = \"base.toml\"\ncaseworkers = 6\n[[place]]\ncode = \"15\"\nslots = 5\n"
                                         "[[place]]\ncode = \"53\"\n";
  auto s = schema();
  const Settings v = read_toml_file(dir / "variant.toml", s);
  EXPECT_EQ(v.caseworkers, 6);
  ASSERT_EQ(v.places.size(), 2u);
  EXPECT_EQ(v.places[0].slots, 5);
  EXPECT_EQ(v.places[1].code, "53");
  std::ofstream(dir / "broken.toml") << "base = \"missing.toml\"\n";
  try {
    read_toml_file(dir / "broken.toml", s);
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("broken.toml:1:8: base = \"missing.toml\": no such scenario file"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Parameters, documents_every_parameter) {
  const auto rows = schema().node()->describe();
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0].key, "caseworkers");
  EXPECT_EQ(rows.back().key, "place[].slots");
  EXPECT_EQ(rows[3].default_value, "required");
  EXPECT_EQ(rows[2].rule, "one of greedy, optimal");  // a choice documents its enumeration's names
  EXPECT_EQ(rows[2].default_value, "\"greedy\"");
}

TEST(Parameters, documents_what_raising_each_parameter_does) {
  const auto rows = schema().node()->describe();
  EXPECT_EQ(rows[0].effect, "raises served");
  EXPECT_EQ(rows[1].effect, "none: no place is open; lowers waiting (with lockdown = true; places are open)");
  EXPECT_EQ(rows[2].effect, "");  // declared nothing
  const auto weights = std::find_if(rows.begin(), rows.end(), [](const auto& row) { return row.key == "weights"; });
  ASSERT_NE(weights, rows.end());
  EXPECT_EQ(weights->effect, "none beyond noise on served (with caseworkers = 3): it reorders the draws only");
  const auto settings = schema();
  const auto& claims = settings.node()->fields[1].effects;
  ASSERT_EQ(claims.size(), 2u);
  EXPECT_EQ(claims[1].direction, Effect::Direction::lowers);
  EXPECT_EQ(claims[1].low, "1");
  EXPECT_EQ(claims[1].high, "2");
  EXPECT_NE(describe_markdown(*schema().node()).find("| raising it |"), std::string::npos);
}

TEST(Parameters, documents_each_parameters_source_and_numeric_defaults_without_one_as_assumptions) {
  const auto rows = schema().node()->describe();
  EXPECT_EQ(rows[1].source, "a survey");       // rate: declared
  EXPECT_EQ(rows[0].source, assumed_source);   // caseworkers: a numeric default declared without a source
  EXPECT_EQ(rows[2].source, "");               // mechanism: not a number
  EXPECT_EQ(rows[3].source, "");               // start: required, no default to source
}

TEST(Parameters, reads_and_writes_a_choice_as_its_enumerators_name) {
  auto s = schema();
  const Settings object = read("start = 2019-06-14\nmechanism = \"optimal\"\n");
  EXPECT_EQ(object.mechanism, Mechanism::optimal);
  EXPECT_NE(write_toml(*s.node(), &object).find("mechanism = \"optimal\"\n"), std::string::npos);
  EXPECT_EQ(read("start = 2019-06-14\n").mechanism, Mechanism::greedy);  // the default, not the struct's
}

TEST(Parameters, gets_a_value_by_key_as_set_number_addresses_it) {
  auto s = schema();
  Settings object = read("start = 2019-06-14\n[[place]]\ncode = \"15\"\n[[place]]\ncode = \"53\"\nslots = 7\n");
  const SourceLocation origin{"test.toml", 0, 0};
  EXPECT_EQ(std::get<std::int64_t>(get_value(*s.node(), &object, "caseworkers", origin)), 10);
  EXPECT_EQ(std::get<std::string>(get_value(*s.node(), &object, "mechanism", origin)), "greedy");
  EXPECT_EQ(std::get<Date>(get_value(*s.node(), &object, "start", origin)), Date::from_ymd(2019, 6, 14));
  EXPECT_DOUBLE_EQ(std::get<double>(get_value(*s.node(), &object, "inner.share", origin)), 0.25);
  EXPECT_EQ(std::get<std::int64_t>(get_value(*s.node(), &object, "place.53.slots", origin)), 7);
  EXPECT_EQ(std::get<std::int64_t>(get_value(*s.node(), &object, "place[0].slots", origin)), 4);
  EXPECT_THROW(get_value(*s.node(), &object, "place.0.slots", origin), ScenarioError);  // a code, never a position
  EXPECT_THROW(get_value(*s.node(), &object, "place[2].slots", origin), ScenarioError);
  set_number(*s.node(), &object, "place.15.slots", 12, origin);
  EXPECT_EQ(std::get<std::int64_t>(get_value(*s.node(), &object, "place.15.slots", origin)), 12);
  try {
    get_value(*s.node(), &object, "inner.size", origin);
    ADD_FAILURE() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "test.toml: inner.size: no such parameter; valid keys here: share");
  }
}

TEST(Parameters, refuses_control_characters_in_strings) {
  EXPECT_NE(error_of("start = 2019-06-14\n[[place]]\ncode = \"1\\u00005\"\n").find("holds the control character U+0000"),
            std::string::npos);
  EXPECT_NE(error_of("start = 2019-06-14\n[[place]]\ncode = \"1\\n5\"\n").find("holds the control character U+000A"),
            std::string::npos);
}

TEST(Parameters, refuses_an_override_that_is_not_exactly_one_value) {
  EXPECT_NE(error_of("start = 2019-06-14\n", {{"caseworkers", "3\nrate = 9"}}).find("not exactly one TOML value"),
            std::string::npos);
}

// A branch of a saved run may change what can change during a run, not what was built from the parameters.
TEST(Parameters, finds_the_first_fixed_parameter_two_objects_disagree_on) {
  Schema<Place> place;
  place.text("code", &Place::code, std::nullopt, any_value(), "Code")
      .integer("slots", &Place::slots, 4, "slots", at_least(0), "Slots")
      .fixed("set when the run starts");
  Schema<Settings> s;
  s.integer("caseworkers", &Settings::caseworkers, 10, "caseworkers", at_least(0), "Caseworkers")
      .list("place", &Settings::places, place, "Places");
  Settings base = s.defaults();
  read_toml("[[place]]\ncode = \"a\"\n[[place]]\ncode = \"b\"\nslots = 2\n", "test.toml", *s.node(), &base);
  Settings changed = base;
  changed.caseworkers = 11;  // not fixed
  EXPECT_FALSE(first_fixed_difference(*s.node(), &base, &changed).has_value());
  changed.places[1].slots = 3;
  const auto difference = first_fixed_difference(*s.node(), &base, &changed);
  ASSERT_TRUE(difference.has_value());
  EXPECT_EQ(difference->key, "place.b.slots");  // a list element by its code
  EXPECT_EQ(difference->base, "2");
  EXPECT_EQ(difference->changed, "3");
  EXPECT_FALSE(first_fixed_difference(*s.node(), &base, &changed, {"place"}).has_value());
  changed.places.pop_back();
  EXPECT_EQ(first_fixed_difference(*s.node(), &base, &changed)->key, "place");
}
