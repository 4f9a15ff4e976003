// Every declared effect of a parameter holds (programme_schema.cpp, world_schema.cpp: raises, lowers, inert): the shipped pilot is run
// at the claim's two values of the parameter, with the claim's other settings, on the same seed and replications
// (common random numbers), and the named headline outcome moves in the declared direction beyond the noise of the
// paired differences; a parameter declared inert changes no headline outcome at all.
//
// The band: with R paired replications (R = 8, seed 11) and differences of mean m and standard deviation s, a
// raise must show m > 3 s / √R and m > 0 (a lower, m < −3 s / √R): three standard errors of the paired mean.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace {

using namespace emile;
using Direction = sim::Effect::Direction;

constexpr int replications = 8;
constexpr std::uint64_t seed = 11;
constexpr double band_multiple = 3;

const std::filesystem::path pilot_path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml";

struct Claim {
  std::string key;  ///< dotted key as --set takes it
  sim::Effect effect;
};

void PrintTo(const Claim& claim, std::ostream* out) { *out << claim.key << ": " << claim.effect.text(); }

// Every claim that names two values, walking the schema; a field of the territory list is claimed for the pilot's
// first territory.
void collect(const sim::SchemaNode& node, const std::string& prefix, std::vector<Claim>& claims) {
  for (const auto& field : node.fields) {
    for (const auto& effect : field.effects) {
      if (!effect.low.empty()) claims.push_back({prefix + field.key, effect});
    }
  }
  for (const auto& section : node.sections) collect(*section.node, prefix + section.key + ".", claims);
  for (const auto& list : node.lists) {
    if (list.key == "territory") collect(*list.node, prefix + "territory.15.", claims);
  }
}

std::vector<Claim> claims() {
  std::vector<Claim> all;
  collect(*models::scenario_schema().node(), "", all);
  return all;
}

// The summaries of the pilot's replications with `value` for the claim's parameter.
std::vector<models::Summary> run_at(const Claim& claim, const std::string& value) {
  std::vector<sim::Override> overrides;
  for (const auto& [key, setting] : claim.effect.setting) overrides.push_back({key, setting});
  overrides.push_back({claim.key, value});
  const auto result = models::run_ensemble(models::load_scenario(pilot_path, overrides),
                                           {.seed = seed, .replications = replications, .threads = 2});
  std::vector<models::Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(models::summarise(run, result.scenario));
  return summaries;
}

class DeclaredEffect : public ::testing::TestWithParam<Claim> {};

TEST_P(DeclaredEffect, holds_beyond_the_noise_of_common_random_numbers) {
  const Claim& claim = GetParam();
  const auto low = run_at(claim, claim.effect.low);
  const auto high = run_at(claim, claim.effect.high);
  ASSERT_EQ(low.size(), high.size());
  if (claim.effect.direction == Direction::none) {
    for (std::size_t r = 0; r < low.size(); ++r) {
      ASSERT_EQ(low[r].names, high[r].names);
      for (std::size_t k = 0; k < low[r].names.size(); ++k) {
        const double a = low[r].values[k], b = high[r].values[k];
        EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b)))
            << claim.key << " " << claim.effect.low << " → " << claim.effect.high << " moves " << low[r].names[k]
            << " (" << a << " → " << b << ", replication " << r << ") though declared inert: " << claim.effect.why;
      }
    }
    return;
  }
  std::vector<double> differences;
  for (std::size_t r = 0; r < low.size(); ++r) {
    differences.push_back(high[r][claim.effect.outcome] - low[r][claim.effect.outcome]);
  }
  double mean = 0;
  for (double d : differences) mean += d / static_cast<double>(differences.size());
  double squares = 0;
  for (double d : differences) squares += (d - mean) * (d - mean);
  const double sd = std::sqrt(squares / static_cast<double>(differences.size() - 1));
  const double band = band_multiple * sd / std::sqrt(static_cast<double>(differences.size()));
  const double signed_mean = claim.effect.direction == Direction::raises ? mean : -mean;
  EXPECT_GT(signed_mean, band) << claim.key << " " << claim.effect.low << " → " << claim.effect.high << ": "
                               << claim.effect.text() << ", but the mean paired change of " << claim.effect.outcome
                               << " is " << mean << " (band ±" << band << ")";
  EXPECT_GT(signed_mean, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Schema, DeclaredEffect, ::testing::ValuesIn(claims()),
                         [](const ::testing::TestParamInfo<Claim>& info) {
                           std::string name = info.param.key + "_" + std::to_string(info.index);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// Each declared effect names a headline outcome that exists.
TEST(DeclaredEffects, name_headline_outcomes) {
  const auto result = models::run_ensemble(models::load_scenario(pilot_path), {.seed = seed, .replications = 1, .threads = 2});
  const auto summary = models::summarise(result.runs.front(), result.scenario);
  for (const auto& claim : claims()) {
    if (claim.effect.direction == Direction::none) continue;
    EXPECT_NE(std::find(summary.names.begin(), summary.names.end(), claim.effect.outcome), summary.names.end())
        << claim.key << ": " << claim.effect.outcome << " is no headline outcome";
  }
}

// Every parameter of the sections declared in full says what raising it does.
TEST(DeclaredEffects, cover_every_parameter_of_the_declared_sections) {
  for (const auto& row : models::scenario_schema().node()->describe()) {
    for (const char* section : {"origin.", "after_move.", "mobility_aid.", "cost."}) {
      if (row.key.starts_with(section)) EXPECT_FALSE(row.effect.empty()) << row.key << " declares no effect";
    }
  }
}

}  // namespace
