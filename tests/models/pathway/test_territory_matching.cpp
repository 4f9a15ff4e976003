// Tests for emile/models/pathway/territory_matching.hpp: every match is feasible, uses an open programme vacancy
// and a reserved dwelling once at most, and households without a fitting dwelling are left out.
#include "emile/models/pathway/territory_matching.hpp"

#include "pilot_territories.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

namespace {

using namespace emile;
using models::testing::PilotTerritories;

// `count` committed households of the scenario's distributions, every one qualified enough for any vacancy.
std::vector<models::Household> committed(const models::Scenario& scenario, std::uint32_t count) {
  std::vector<models::Household> households(count);
  for (std::uint32_t id = 0; id < count; ++id) {
    households[id].profile = models::draw_profile(scenario.households, {8, 0}, id);
    households[id].profile.qualification = 3;
    households[id].stage = models::Stage::committed;
  }
  return households;
}

std::vector<std::uint32_t> ids(std::size_t count) {
  std::vector<std::uint32_t> pool(count);
  std::iota(pool.begin(), pool.end(), 0u);
  return pool;
}

}  // namespace

TEST(TerritoryMatching, matches_nobody_from_an_empty_pool) {
  PilotTerritories world(1);
  world.step_markets(8);
  const auto households = committed(world.scenario, 4);
  EXPECT_TRUE(models::match_households({}, households, *world.territories[0], world.scenario.matching).empty());
}

TEST(TerritoryMatching, gives_each_vacancy_and_dwelling_to_one_feasible_household_at_most) {
  PilotTerritories world(1);
  world.step_markets(12);
  const auto& territory = *world.territories[0];
  const auto& m = world.scenario.matching;
  const auto households = committed(world.scenario, 300);
  const auto pool = ids(households.size());
  const auto matches = models::match_households(pool, households, territory, m);
  ASSERT_FALSE(matches.empty());

  std::set<std::uint32_t> matched, vacancies, dwellings;
  const auto& visible = territory.labour.visible();
  const auto& reserved = territory.housing.reserved();
  const models::CommuteLimits limits{m.car_commute_minutes, m.local_commute_minutes, m.transit_commute_minutes};
  for (const auto& match : matches) {
    EXPECT_TRUE(matched.insert(match.household).second);
    EXPECT_TRUE(vacancies.insert(match.vacancy).second);
    EXPECT_TRUE(dwellings.insert(match.dwelling).second);
    EXPECT_NE(std::find(visible.begin(), visible.end(), match.vacancy), visible.end());
    EXPECT_NE(std::find(reserved.begin(), reserved.end(), match.dwelling), reserved.end());
    const auto& h = households[match.household];
    const auto& v = territory.labour.vacancy(match.vacancy);
    const auto& d = territory.housing.dwelling(match.dwelling);
    EXPECT_TRUE(v.sector == h.profile.skill || v.contract == models::Contract::training);
    EXPECT_GE(d.rooms, h.profile.rooms_needed());
    EXPECT_LE(d.rooms, h.profile.rooms_needed() + m.max_extra_rooms);
    const auto mode = h.profile.car ? models::CommuteMode::car : models::CommuteMode::no_car;
    EXPECT_TRUE(territory.graph->reachable(d.commune, territory.labour.employer(v.employer).commune, mode, limits));
  }
  EXPECT_TRUE(std::is_sorted(matches.begin(), matches.end(),
                             [](const auto& a, const auto& b) { return a.household < b.household; }));  // pool order
}

// A vacancy that requires a driving licence goes to licence holders only, with a car or without one: the licence
// counts on its own, the car for reach.
TEST(TerritoryMatching, gives_a_vacancy_that_requires_a_licence_only_to_a_licence_holder) {
  PilotTerritories world(1, 1, {{"labour.licence_required_share", "1"}});
  world.step_markets(12);
  const auto& territory = *world.territories[0];
  auto households = committed(world.scenario, 300);
  for (auto& h : households) h.profile.car = false;
  const auto pool = ids(households.size());
  for (auto& h : households) h.profile.licence = false;
  EXPECT_TRUE(models::match_households(pool, households, territory, world.scenario.matching).empty());
  for (auto& h : households) h.profile.licence = true;
  const auto matches = models::match_households(pool, households, territory, world.scenario.matching);
  EXPECT_FALSE(matches.empty());
  for (const auto& match : matches) EXPECT_TRUE(territory.labour.vacancy(match.vacancy).licence_required);
}

TEST(TerritoryMatching, leaves_out_households_no_reserved_dwelling_fits) {
  PilotTerritories world(1);
  world.step_markets(12);
  auto& m = world.scenario.matching;
  auto households = committed(world.scenario, 300);
  const auto pool = ids(households.size());
  ASSERT_FALSE(models::match_households(pool, households, *world.territories[0], m).empty());
  m.rent_budget_base_eur = -1;  // no rent fits any budget
  m.rent_budget_per_person_eur = 0;
  EXPECT_TRUE(models::match_households(pool, households, *world.territories[0], m).empty());
}
