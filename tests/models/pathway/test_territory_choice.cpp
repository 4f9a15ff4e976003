// Tests for emile/models/pathway/territory_choice.hpp: only territories that host, have room and take households
// from the origin are proposed; the noise-free choice is the best score; the score's terms; the draws do not depend
// on which territories can host.
#include "emile/models/pathway/territory_choice.hpp"

#include "emile/models/pathway/origin_travel.hpp"

#include "pilot_territories.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace {

using namespace emile;
using models::testing::PilotTerritories;

models::HouseholdProfile profile(std::uint32_t id) {
  const auto scenario = models::scenario_schema().defaults();
  return models::draw_profile(scenario.households, {3, 0}, id);
}

// The travel minutes from the pilot's origin to each territory.
std::vector<double> minutes(const PilotTerritories& world) {
  const models::OriginReach reach(world.scenario);
  const auto from = reach.from(0);
  return {from.begin(), from.end()};
}

sim::Step hosting_step(const PilotTerritories& world) {
  sim::Step step = 0;
  for (const auto& t : world.scenario.territories) step = std::max(step, world.clock.step_of(t.join_date));
  return step;
}

}  // namespace

TEST(TerritoryChoice, proposes_nothing_when_no_territory_can_take_the_household) {
  PilotTerritories world(3);
  const sim::Step step = hosting_step(world);
  for (auto& t : world.territories) t->pipeline = t->settings().pipeline_capacity;
  sim::RandomStream stream({1, 0}, 0, 0, 0);
  EXPECT_EQ(models::choose_territory(profile(0), world.territories, minutes(world), world.scenario.pathway, step, world.clock, stream), -1);
  for (auto& t : world.territories) t->pipeline = 0;
  for (auto& t : world.scenario.territories) t.join_date = world.scenario.run.end_date;
  EXPECT_EQ(models::choose_territory(profile(0), world.territories, minutes(world), world.scenario.pathway, step, world.clock, stream), -1);
}

TEST(TerritoryChoice, proposes_only_a_territory_that_hosts_and_has_room) {
  PilotTerritories world(3);
  world.step_markets(4);
  const sim::Step step = hosting_step(world);
  world.territories[0]->pipeline = world.territories[0]->settings().pipeline_capacity;
  world.scenario.territories[2].join_date = world.scenario.run.end_date;
  for (std::uint32_t id = 0; id < 50; ++id) {
    sim::RandomStream stream({1, 0}, 0, id, 0);
    EXPECT_EQ(models::choose_territory(profile(id), world.territories, minutes(world), world.scenario.pathway, step, world.clock, stream), 1);
  }
}

TEST(TerritoryChoice, without_noise_proposes_the_best_scoring_territory) {
  PilotTerritories world(4);
  world.step_markets(4);
  world.scenario.pathway.fit_noise = 0;
  const sim::Step step = hosting_step(world);
  for (std::uint32_t id = 0; id < 20; ++id) {
    const auto p = profile(id);
    std::int32_t best = 0;
    const auto travel = minutes(world);
    const auto score = [&](std::size_t t) {
      return models::territory_score(p, *world.territories[t], travel[t], world.scenario.pathway);
    };
    for (std::size_t t = 1; t < world.territories.size(); ++t) {
      if (score(t) > score(static_cast<std::size_t>(best))) {
        best = static_cast<std::int32_t>(t);
      }
    }
    sim::RandomStream stream({1, 0}, 0, id, 0);
    EXPECT_EQ(models::choose_territory(p, world.territories, minutes(world), world.scenario.pathway, step, world.clock, stream), best);
  }
}

TEST(TerritoryChoice, scores_travel_from_the_origin_at_the_declared_minutes_per_point) {
  PilotTerritories world(1);
  const auto p = profile(1);
  const auto& pathway = world.scenario.pathway;
  const double minutes = world.scenario.territories[0].travel_minutes_to_paris;
  const double before = models::territory_score(p, *world.territories[0], minutes, pathway);
  EXPECT_NEAR(models::territory_score(p, *world.territories[0], minutes + 3 * pathway.territory_minutes_per_point, pathway),
              before - 3, 1e-9);
}

TEST(TerritoryChoice, proposes_no_territory_the_households_origin_sends_none_to) {
  PilotTerritories world(3);
  world.step_markets(4);
  const sim::Step step = hosting_step(world);
  auto travel = minutes(world);
  travel[0] = travel[2] = std::numeric_limits<double>::infinity();
  for (std::uint32_t id = 0; id < 50; ++id) {
    sim::RandomStream stream({1, 0}, 0, id, 0);
    EXPECT_EQ(models::choose_territory(profile(id), world.territories, travel, world.scenario.pathway, step, world.clock,
                                       stream),
              1);
  }
}

TEST(TerritoryChoice, scores_rurality_by_the_households_taste) {
  PilotTerritories world(1);
  auto p = profile(2);
  p.rural_preference = 1;
  auto& settings = world.scenario.territories[0];
  settings.rurality = 0;
  const double urban = models::territory_score(p, *world.territories[0], 0, world.scenario.pathway);
  settings.rurality = 1;
  const double rural = models::territory_score(p, *world.territories[0], 0, world.scenario.pathway);
  EXPECT_NEAR(rural - urban, world.scenario.pathway.territory_rurality_weight, 1e-9);
}

TEST(TerritoryChoice, weighs_the_demand_for_the_households_skill_where_territories_have_their_own_sector_mix) {
  // Cantal's jobs all in care, Doubs's all in retail: a care worker's demand share is (care vacancies + 1) ÷
  // (vacancies + 8) — above ½ in Cantal, which opens about ten programme vacancies, and near 0 in Doubs — so the
  // weight adds more than ¼ of itself to Cantal's lead. With the national mix the difference is noise.
  PilotTerritories world(2, 1, {{"territory.15.sector_job_shares", "[0, 0, 1, 0, 0, 0, 0, 0]"},
                                {"territory.25.sector_job_shares", "[0, 0, 0, 0, 0, 0, 1, 0]"}});
  auto p = profile(4);
  p.skill = models::Sector::care;
  auto& pathway = world.scenario.pathway;
  const auto lead = [&] {
    return models::territory_score(p, *world.territories[0], 0, pathway) -
           models::territory_score(p, *world.territories[1], 0, pathway);
  };
  pathway.territory_demand_weight = 0;
  const double without = lead();
  pathway.territory_demand_weight = 4;
  EXPECT_GT(lead() - without, 4 * 0.25);
  for (std::uint32_t v : world.territories[0]->labour.visible()) {
    EXPECT_EQ(world.territories[0]->labour.vacancy(v).sector, models::Sector::care);
  }
}

TEST(TerritoryChoice, draws_as_many_numbers_whichever_territories_can_take_the_household) {
  PilotTerritories world(3);
  const sim::Step step = hosting_step(world);
  sim::RandomStream open({5, 0}, 0, 0, 0);
  models::choose_territory(profile(0), world.territories, minutes(world), world.scenario.pathway, step, world.clock, open);
  for (auto& t : world.territories) t->pipeline = t->settings().pipeline_capacity;
  sim::RandomStream full({5, 0}, 0, 0, 0);
  models::choose_territory(profile(0), world.territories, minutes(world), world.scenario.pathway, step, world.clock, full);
  EXPECT_EQ(open.uniform(), full.uniform());
}
