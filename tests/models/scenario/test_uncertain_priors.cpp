#include "emile/models/scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace emile;

const std::filesystem::path pilot_path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml";

std::string pilot_text() {
  std::ifstream in(pilot_path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The error reading the pilot with one more [[uncertain]] table (its fifth: uncertain[4]).
std::string error_with(const std::string& table) {
  try {
    models::read_scenario(pilot_text() + "\n[[uncertain]]\n" + table, pilot_path.string());
  } catch (const sim::ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(UncertainPriors, the_pilot_declares_its_priors_and_they_map_onto_the_engines) {
  const auto scenario = models::load_scenario(pilot_path);
  ASSERT_EQ(scenario.uncertain.size(), 4u);
  const auto referred = models::prior_of(scenario, 0);
  EXPECT_EQ(referred.kind, sim::Prior::Kind::uniform);
  EXPECT_TRUE(referred.integer);  // origin.initial_referred counts households
  EXPECT_EQ(referred.a, 0);
  EXPECT_EQ(referred.b, 150);
  const auto rate = models::prior_of(scenario, 1);
  EXPECT_EQ(rate.kind, sim::Prior::Kind::log_uniform);
  EXPECT_FALSE(rate.integer);
  EXPECT_EQ(rate.low, 50);
  EXPECT_EQ(rate.high, 2000);
  for (std::size_t i = 0; i < scenario.uncertain.size(); ++i) {
    EXPECT_FALSE(scenario.uncertain[i].source.empty()) << scenario.uncertain[i].key;
  }
}

TEST(UncertainPriors, normal_and_beta_priors_take_their_own_parameters) {
  auto scenario = models::load_scenario(pilot_path);
  scenario.uncertain = {{"pathway.commit_share", sim::Prior::Kind::beta, 0, 1, 0, 0, 8, 2},
                        {"pathway.decision_weeks", sim::Prior::Kind::normal, 0, 10, 2, 1}};
  const auto beta = models::prior_of(scenario, 0);
  EXPECT_EQ(beta.a, 8);
  EXPECT_EQ(beta.b, 2);
  const auto normal = models::prior_of(scenario, 1);
  EXPECT_EQ(normal.a, 2);
  EXPECT_EQ(normal.b, 1);
  EXPECT_EQ(normal.high, 10);
}

TEST(UncertainPriors, bad_priors_are_refused_naming_the_line_and_key) {
  const std::pair<std::string, std::string> cases[] = {
      {"key = \"origin.referals_per_year\"\nlow = 1\nhigh = 2", "uncertain[4].key = \"origin.referals_per_year\""},
      {"key = \"pathway.immersion_visits\"\nlow = 0\nhigh = 1", "is a flag: a prior needs a numeric parameter"},
      {"key = \"run.seed\"\nlow = 1\nhigh = 2", "[run] holds no uncertain quantity of the run"},
      {"key = \"origin.initial_referred\"\nlow = 1\nhigh = 2", "uncertain twice"},
      {"key = \"territory[0].reserved_dwellings\"\nlow = 1\nhigh = 2\n[[uncertain]]\nkey = \"territory.15.reserved_dwellings\"\nlow = 1\nhigh = 2",
       "uncertain[5].key = \"territory.15.reserved_dwellings\": uncertain twice"},
      {"key = \"pathway.commit_share\"\nlow = 0.5\nhigh = 0.2", "uncertain[4].high = 0.2: must exceed low (0.5)"},
      {"key = \"pathway.commit_share\"\nlow = 0.5\nhigh = 1.5", "uncertain[4].high = 1.5: with pathway.commit_share = 1.5"},
      {"key = \"pathway.commit_share\"\nprior = \"log_uniform\"\nlow = 0\nhigh = 1", "uncertain[4].low = 0.0: log_uniform prior"},
      {"key = \"pathway.decision_weeks\"\nprior = \"normal\"\nlow = 0\nhigh = 5\nmean = 2", "uncertain[4].sd = 0.0: normal prior"},
      {"key = \"pathway.decision_weeks\"\nprior = \"normal\"\nlow = 0\nhigh = 5\nmean = 40\nsd = 1", "uncertain[4].mean = 40.0: normal prior: almost all"},
      {"key = \"pathway.commit_share\"\nprior = \"beta\"\nlow = 0\nhigh = 1\nalpha = 0", "uncertain[4].alpha = 0.0: beta prior"},
      {"key = \"origin.caseworkers\"\nlow = 3.2\nhigh = 3.8", "uncertain[4].low = 3.2: with origin.caseworkers = 3.2, expected an integral value"},
      {"key = \"pathway.commit_share\"\nprior = \"gamma\"\nlow = 0\nhigh = 1", "uncertain[4].prior = \"gamma\""},
      {"key = \"pathway.commit_share\"\nhigh = 1", "low"},
  };
  for (const auto& [table, expected] : cases) {
    const std::string message = error_with(table);
    EXPECT_NE(message.find(expected), std::string::npos) << table << "\n-> " << message;
    EXPECT_EQ(message.rfind(pilot_path.string() + ":", 0), 0u) << message;
  }
}
