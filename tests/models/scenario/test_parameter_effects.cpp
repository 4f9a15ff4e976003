// Every declared effect of a parameter holds (programme_schema.cpp, world_schema.cpp: raises, lowers, inert,
// within_noise): the shipped pilot is run at the claim's two values of the parameter, with the claim's other
// settings, on the same seed and replications (common random numbers), and the named outcome moves in the declared
// direction beyond the noise of the paired differences — or, within_noise, by no more than it; a parameter declared
// inert changes no headline outcome at all.
//
// An outcome is a headline outcome (models::summarise) or a flow counted in one territory: "<flow> in territory
// <code>", or "<flow> in its territory" for a field of a territory (claimed for the pilot's first territory, 15).
//
// The band: with R paired replications (R = 8, seed 11) and differences of mean m and standard deviation s, a
// raise must show m > 3 s / √R and m > 0 (a lower, m < −3 s / √R): three standard errors of the paired mean; a
// change within noise, |m| ≤ 3 s / √R.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/recording/recorder.hpp"
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
const std::string claimed_territory = "15";

struct Claim {
  std::string key;  ///< dotted key as --set takes it
  sim::Effect effect;
  std::string territory;  ///< code of the territory whose field it is; empty for other parameters
};

void PrintTo(const Claim& claim, std::ostream* out) { *out << claim.key << ": " << claim.effect.text(); }

// Every claim that names two values, walking the schema; a field of the territory list is claimed for the pilot's
// first territory, and of the event list for its first event (the spring 2020 lockdown).
void collect(const sim::SchemaNode& node, const std::string& prefix, const std::string& territory,
             std::vector<Claim>& claims) {
  for (const auto& field : node.fields) {
    for (const auto& effect : field.effects) {
      if (!effect.low.empty()) claims.push_back({prefix + field.key, effect, territory});
    }
  }
  for (const auto& section : node.sections) collect(*section.node, prefix + section.key + ".", territory, claims);
  for (const auto& list : node.lists) {
    if (list.key == "territory") collect(*list.node, prefix + "territory." + claimed_territory + ".", claimed_territory, claims);
    if (list.key == "origin") collect(*list.node, prefix + "origin.", territory, claims);  // the only origin
    if (list.key == "event") collect(*list.node, prefix + "event[0].", territory, claims);
  }
}

std::vector<Claim> claims() {
  std::vector<Claim> all;
  collect(*models::scenario_schema().node(), "", "", all);
  return all;
}

// The pilot's replications with `value` for the claim's parameter.
models::EnsembleResult run_at(const Claim& claim, const std::string& value) {
  std::vector<sim::Override> overrides;
  for (const auto& [key, setting] : claim.effect.setting) overrides.push_back({key, setting});
  overrides.push_back({claim.key, value});
  return models::run_ensemble(models::load_scenario(pilot_path, overrides),
                              {.seed = seed, .replications = replications, .threads = 2});
}

// The claim's outcome in each replication: a headline outcome, or a flow counted in one territory.
std::vector<double> outcome_of(const Claim& claim, const models::EnsembleResult& result) {
  const std::string& outcome = claim.effect.outcome;
  const auto in = outcome.find(" in ");
  std::vector<double> values;
  if (in == std::string::npos) {
    for (const auto& run : result.runs) values.push_back(models::summarise(run, result.scenario)[outcome]);
    return values;
  }
  const std::string where = outcome.substr(in + 4);
  const std::string code = where == "its territory" ? claim.territory
                           : where.starts_with("territory ") ? where.substr(10)
                                                             : "";
  const auto& territories = result.scenario.territories;
  const auto found = std::find_if(territories.begin(), territories.end(), [&](const auto& t) { return t.code == code; });
  if (found == territories.end()) throw std::invalid_argument(claim.key + ": no territory in \"" + outcome + "\"");
  const std::size_t row = 1 + static_cast<std::size_t>(found - territories.begin());  // row 0 is the origin
  const std::size_t metric = models::metric_index(outcome.substr(0, in));
  for (const auto& run : result.runs) values.push_back(run.total(metric, row));
  return values;
}

class DeclaredEffect : public ::testing::TestWithParam<Claim> {};

TEST_P(DeclaredEffect, holds_beyond_the_noise_of_common_random_numbers) {
  const Claim& claim = GetParam();
  const auto low = run_at(claim, claim.effect.low);
  const auto high = run_at(claim, claim.effect.high);
  ASSERT_EQ(low.runs.size(), high.runs.size());
  if (claim.effect.direction == Direction::none) {
    for (std::size_t r = 0; r < low.runs.size(); ++r) {
      const auto a = models::summarise(low.runs[r], low.scenario), b = models::summarise(high.runs[r], high.scenario);
      ASSERT_EQ(a.names, b.names);
      for (std::size_t k = 0; k < a.names.size(); ++k) {
        EXPECT_TRUE(a.values[k] == b.values[k] || (std::isnan(a.values[k]) && std::isnan(b.values[k])))
            << claim.key << " " << claim.effect.low << " → " << claim.effect.high << " moves " << a.names[k] << " ("
            << a.values[k] << " → " << b.values[k] << ", replication " << r << ") though declared inert: " << claim.effect.why;
      }
    }
    return;
  }
  const auto at_low = outcome_of(claim, low), at_high = outcome_of(claim, high);
  std::vector<double> differences;
  for (std::size_t r = 0; r < at_low.size(); ++r) differences.push_back(at_high[r] - at_low[r]);
  double mean = 0;
  for (double d : differences) mean += d / static_cast<double>(differences.size());
  double squares = 0;
  for (double d : differences) squares += (d - mean) * (d - mean);
  const double sd = std::sqrt(squares / static_cast<double>(differences.size() - 1));
  const double band = band_multiple * sd / std::sqrt(static_cast<double>(differences.size()));
  const std::string said = claim.key + " " + claim.effect.low + " → " + claim.effect.high + ": " + claim.effect.text() +
                           ", but the mean paired change of " + claim.effect.outcome + " is " + std::to_string(mean) +
                           " (band ±" + std::to_string(band) + ")";
  if (claim.effect.direction == Direction::within_noise) {
    EXPECT_LE(std::abs(mean), band) << said;
    return;
  }
  const double signed_mean = claim.effect.direction == Direction::raises ? mean : -mean;
  EXPECT_GT(signed_mean, band) << said;
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

// Each declared effect names an outcome that exists: a headline outcome, or a flow in a territory of the pilot.
TEST(DeclaredEffects, name_outcomes_that_exist) {
  const auto result = models::run_ensemble(models::load_scenario(pilot_path), {.seed = seed, .replications = 1, .threads = 2});
  for (const auto& claim : claims()) {
    if (claim.effect.direction == Direction::none) continue;
    EXPECT_NO_THROW(outcome_of(claim, result)) << claim.key << ": " << claim.effect.outcome << " is no outcome";
  }
}

// Every parameter says what raising it does.
TEST(DeclaredEffects, cover_every_parameter) {
  for (const auto& row : models::scenario_schema().node()->describe()) {
    EXPECT_FALSE(row.effect.empty()) << row.key << " declares no effect";
  }
}

}  // namespace
