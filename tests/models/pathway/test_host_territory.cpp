// Tests for emile/models/pathway/host_territory.hpp: a territory reads its settings from the scenario as it stands
// and hands them to its markets; join date, pipeline, caseworkers and the monthly visit quota.
#include "emile/models/pathway/host_territory.hpp"

#include "pilot_territories.hpp"

#include <gtest/gtest.h>

namespace {

using namespace emile;
using models::testing::PilotTerritories;

std::string key(const PilotTerritories& world, const std::string& field) {
  return "territory." + world.scenario.territories[0].code + "." + field;
}

}  // namespace

TEST(HostTerritory, reads_its_settings_as_a_dated_event_leaves_them) {
  PilotTerritories world(1);
  const auto& territory = *world.territories[0];
  const auto caseworkers = territory.settings().caseworkers;
  const auto capacity = territory.caseworker_capacity();
  models::set_parameter(world.scenario, key(world, "caseworkers"), static_cast<double>(caseworkers + 3));
  EXPECT_EQ(territory.settings().caseworkers, caseworkers + 3);
  EXPECT_EQ(territory.caseworker_capacity(), capacity + 3 * territory.settings().caseload);
}

TEST(HostTerritory, tops_its_reservation_up_to_the_target_in_force_at_each_step) {
  PilotTerritories world(1);
  auto& territory = *world.territories[0];
  const auto initial = territory.settings().reserved_dwellings;
  ASSERT_EQ(static_cast<std::int64_t>(territory.housing.reserved().size()), initial);
  models::set_parameter(world.scenario, key(world, "reserved_dwellings"), static_cast<double>(initial + 5));
  territory.step_markets(world.clock, 1.0, 0, {1, 0});
  EXPECT_EQ(static_cast<std::int64_t>(territory.housing.reserved().size()), initial + 5);
  models::set_parameter(world.scenario, key(world, "reserved_dwellings"), 1);
  territory.step_markets(world.clock, 1.0, 1, {1, 0});
  EXPECT_EQ(territory.housing.reserved().size(), 1u);
}

TEST(HostTerritory, gives_back_a_dwelling_to_the_reservation_only_below_the_target_in_force) {
  PilotTerritories world(1);
  auto& territory = *world.territories[0];
  ASSERT_GE(territory.housing.reserved().size(), 2u);
  const std::uint32_t first = territory.housing.reserved()[0];
  const std::uint32_t second = territory.housing.reserved()[1];
  territory.housing.take(first);
  territory.housing.take(second);
  models::set_parameter(world.scenario, key(world, "reserved_dwellings"),
                        static_cast<double>(territory.housing.reserved().size() + 1));
  territory.release_dwelling(first);
  EXPECT_EQ(territory.housing.state(first), models::DwellingState::reserved);
  territory.release_dwelling(second);  // the reservation is at its target now
  EXPECT_EQ(territory.housing.state(second), models::DwellingState::vacant_social);
}

TEST(HostTerritory, hosts_from_the_step_containing_its_join_date_to_the_one_before_its_leave_date) {
  PilotTerritories world(1);
  const auto join = world.scenario.run.start_date.plus_days(60);
  const auto leave = join.plus_days(100);
  world.scenario.territories[0].join_date = join;
  const auto& territory = *world.territories[0];
  EXPECT_FALSE(territory.within_dates(world.clock.step_of(join) - 1, world.clock));
  EXPECT_TRUE(territory.within_dates(world.clock.step_of(join), world.clock));
  EXPECT_TRUE(territory.within_dates(world.clock.step_of(leave), world.clock));  // it never leaves by default
  world.scenario.territories[0].leave_date = leave;
  EXPECT_TRUE(territory.within_dates(world.clock.step_of(leave) - 1, world.clock));
  EXPECT_FALSE(territory.within_dates(world.clock.step_of(leave), world.clock));
}

// Closed over a window: open for proposals at none of its steps, by its dates or a pipeline of 0.
TEST(HostTerritory, is_closed_over_a_window_it_is_open_at_no_step_of) {
  PilotTerritories world(1);
  auto settings = world.scenario.territories[0];
  const auto& clock = world.clock;
  settings.join_date = clock.first_day(10);
  settings.leave_date = clock.first_day(20);
  EXPECT_TRUE(models::closed_over(settings, 0, 9, clock));     // before it joins
  EXPECT_FALSE(models::closed_over(settings, 0, 10, clock));   // its first step
  EXPECT_FALSE(models::closed_over(settings, 19, 30, clock));  // its last step
  EXPECT_TRUE(models::closed_over(settings, 20, 30, clock));   // after it left
  settings.pipeline_capacity = 0;
  EXPECT_TRUE(models::closed_over(settings, 12, 15, clock));
}

TEST(HostTerritory, fills_its_pipeline_to_the_capacity_in_force) {
  PilotTerritories world(1);
  auto& territory = *world.territories[0];
  territory.pipeline = territory.settings().pipeline_capacity - 1;
  EXPECT_FALSE(territory.pipeline_full());
  ++territory.pipeline;
  EXPECT_TRUE(territory.pipeline_full());
  models::set_parameter(world.scenario, key(world, "pipeline_capacity"), static_cast<double>(territory.pipeline + 1));
  EXPECT_FALSE(territory.pipeline_full());
}

TEST(HostTerritory, counts_visits_per_month) {
  PilotTerritories world(1);
  auto& territory = *world.territories[0];
  const auto slots = territory.settings().immersion_slots_per_month;
  ASSERT_GT(slots, 0);
  territory.start_visit_month(7);
  territory.visits_this_month = slots;
  EXPECT_FALSE(territory.visit_slot_free(1));
  territory.start_visit_month(7);  // the same month: the count stays
  EXPECT_FALSE(territory.visit_slot_free(1));
  territory.start_visit_month(8);
  EXPECT_EQ(territory.visits_this_month, 0);
  EXPECT_TRUE(territory.visit_slot_free(1));
  EXPECT_FALSE(territory.visit_slot_free(0));  // a lockdown's suspension
  territory.visits_this_month = slots / 2;
  EXPECT_FALSE(territory.visit_slot_free(0.5));  // half the slots, rounded down
  EXPECT_TRUE(territory.visit_slot_free(0.75));
}
