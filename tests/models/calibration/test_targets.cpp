#include "emile/models/calibration/targets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

using namespace emile;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

// One count target, with `extra` lines appended to it (a later key replaces nothing: the reader refuses
// duplicates, so each case writes the fields it changes in place of the defaults below).
std::string count_target(const std::string& fields) {
  return "[[target]]\nname = \"t\"\nsource = \"a citation\"\ntolerance = 5\n" + fields;
}

// The error reading `text` against the pilot, as `file:line:column: key = value: problem`.
std::string error_of(const std::string& text) {
  try {
    models::read_targets(text, "targets.toml", pilot());
  } catch (const sim::ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(Targets, the_shipped_pilot_targets_read_and_cite_their_sources) {
  const auto scenario = pilot();
  const auto targets =
      models::load_targets(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/targets/pilot-2019.toml", scenario);
  ASSERT_EQ(targets.targets.size(), 4u);
  for (const auto& t : targets.targets) EXPECT_NE(t.source.find("gouvernement.fr"), std::string::npos) << t.name;
  EXPECT_EQ(targets.targets[0].value, 60);
  EXPECT_EQ(targets.targets[1].unit, models::TargetUnit::persons);
  EXPECT_EQ(targets.targets[3].territory, "15");
  // The first visit is watched three tolerances (three weeks) past its date.
  EXPECT_EQ(models::last_target_date(targets, scenario).iso(), "2019-08-15");
  EXPECT_EQ(models::observed_value(targets.targets[2], scenario), 41);  // 14 June to 25 July
}

TEST(Targets, impossible_targets_are_refused_naming_line_key_and_reason) {
  const std::string flow = "flow = \"enrolled\"\ndate = 2019-07-26\n";
  struct Case {
    std::string text;
    std::string expected;  // a part of the message
  };
  const Case cases[] = {
      {count_target(flow + "value = 6001"), "targets.toml:7:9: target[0].value = 6001: above what the eligible pool"},
      {count_target(flow + "unit = \"persons\"\nvalue = 36001"), "target[0].value = 36001: above what the eligible pool could give (36000 persons"},
      {count_target(flow + "value = -1"), "a count cannot be negative"},
      {count_target("flow = \"enrolled\"\ndate = 2031-01-01\nvalue = 3"), "target[0].date = 2031-01-01: outside the run (2019-06-14 to 2020-06-30)"},
      {count_target("flow = \"arrived\"\ndate = 2019-07-26\nvalue = 3"), "target[0].flow = \"arrived\": must be one of referred"},
      {count_target(flow + "value = 3\nterritory = \"99\""), "target[0].territory = \"99\": no such host territory"},
      {count_target(flow + "value = 3\nterritory = \"15\""), "households belong to a host territory from `proposed` on"},
      {count_target("statistic = \"share\"\nflow = \"moved\"\nof = \"enrolled\"\ndate = 2019-12-01\nvalue = 1.2"), "a share lies in [0, 1]"},
      {count_target("statistic = \"share\"\nflow = \"moved\"\ndate = 2019-12-01\nvalue = 0.2"), "`share` needs the flow of its denominator"},
      {count_target("statistic = \"median_days\"\nflow = \"enrolled\"\nsince = \"moved\"\ndate = 2019-12-01\nvalue = 20"), "must come before `enrolled` on the pathway"},
      {count_target("statistic = \"first\"\nflow = \"immersed\"\ndate = 2019-07-25\nvalue = 3"), "`first` compares dates"},
      {count_target(flow), "`count` needs the observed value"},
      {"[[target]]\nname = \"t\"\nsource = \"s\"\ntolerance = 0\n" + flow + "value = 3", "target[0].tolerance = 0: must be above 0"},
      {"[[target]]\nname = \"t\"\nsource = \" \"\ntolerance = 1\n" + flow + "value = 3", "every target cites where its figure was read"},
      {count_target(flow + "value = 3") + "\n" + count_target(flow + "value = 4"), "target[1].name = \"t\": another target has this name"},
      {"", "no [[target]]"},
      {count_target(flow + "value = 3\nweight = 2"), "weight"},
  };
  for (const auto& c : cases) {
    const std::string message = error_of(c.text);
    EXPECT_NE(message.find(c.expected), std::string::npos) << "text:\n" << c.text << "\nmessage: " << message;
    EXPECT_EQ(message.rfind("targets.toml:", 0), 0u) << message;
  }
}

TEST(Targets, a_territory_target_before_the_territory_joins_is_refused) {
  auto scenario = pilot();
  scenario.territories[0].join_date = sim::Date::parse("2019-09-01");
  const std::string text = count_target("statistic = \"first\"\nflow = \"immersed\"\nterritory = \"15\"\ndate = 2019-07-25");
  try {
    models::read_targets(text, "targets.toml", scenario);
    FAIL() << "accepted";
  } catch (const sim::ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("before territory 15 joins (2019-09-01)"), std::string::npos) << error.what();
  }
}

TEST(Targets, the_pool_a_count_is_checked_against_is_the_priors_highest_when_uncertain) {
  auto scenario = pilot();
  scenario.uncertain.push_back({"origin.eligible_households", sim::Prior::Kind::uniform, 1000, 9000});
  const std::string text = count_target("flow = \"enrolled\"\ndate = 2019-07-26\nvalue = 8000");
  EXPECT_NO_THROW(models::read_targets(text, "targets.toml", scenario));
  EXPECT_THROW(models::read_targets(text, "targets.toml", pilot()), sim::ScenarioError);
}
