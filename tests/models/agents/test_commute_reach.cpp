// Tests for the reach of a run (emile/models/agents/commute_reach.hpp) and the geography built for it
// (geography.hpp): the reach covers the scenario's limits and every `set` event's; a geography built for a
// scenario whose event raises the car limit holds every pair within the raised limit, as one built with that
// limit from day one; a scenario beyond a geography's reach is refused.
#include "emile/models/agents/commute_reach.hpp"
#include "emile/models/agents/geography.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace {

using namespace emile;

// The pilot: six départements on their real communes (data/communes.csv), with the car limit set to `car` minutes.
models::Scenario pilot(double car) {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml",
                               {{"matching.car_commute_minutes", std::to_string(car)}});
}

// A `set` event on `key`, at the pilot's date 2020-01-06.
models::EventSettings set_event(const std::string& key, double value) {
  models::EventSettings event;
  event.date = sim::Date::parse("2020-01-06");
  event.kind = models::EventKind::set;
  event.key = key;
  event.value = value;
  return event;
}

}  // namespace

TEST(CommuteReach, is_the_longest_of_the_scenarios_limits_and_of_every_set_event) {
  auto scenario = pilot(30);
  scenario.matching.local_commute_minutes = 15;
  scenario.matching.transit_commute_minutes = 60;
  const auto own = models::commute_reach(scenario);
  EXPECT_EQ(own.car_minutes, 30);
  EXPECT_EQ(own.walk_bike_minutes, 15);
  EXPECT_EQ(own.transit_minutes, 60);

  // Raised, then lowered: the run uses the raised value in between. A lowered limit leaves the scenario's own.
  scenario.events.insert(scenario.events.begin(), {set_event("matching.car_commute_minutes", 60),
                                                   set_event("matching.car_commute_minutes", 20),
                                                   set_event("matching.local_commute_minutes", 25),
                                                   set_event("matching.transit_commute_minutes", 40)});
  const auto reach = models::commute_reach(scenario);
  EXPECT_EQ(reach.car_minutes, 60);
  EXPECT_EQ(reach.walk_bike_minutes, 25);
  EXPECT_EQ(reach.transit_minutes, 60);
}

TEST(CommuteReach, reaches_at_least_one_car_minute_which_the_dwelling_score_reads) {
  EXPECT_EQ(models::commute_reach(pilot(0.5)).car_minutes, 1);
  EXPECT_EQ(models::commute_reach(pilot(0)).car_minutes, 1);
}

// A dated event raising the car limit from 30 to 60 minutes: the geography built for that scenario holds every
// pair within 60 minutes, with the same time, as the geography built for 60 minutes from day one — whereas the
// one built for 30 minutes without the event does not.
TEST(CommuteReach, a_geography_built_for_an_event_raising_the_car_limit_holds_every_pair_within_the_raised_limit) {
  const sim::Executor executor(2);
  auto raised = pilot(30);
  raised.events.insert(raised.events.begin(), set_event("matching.car_commute_minutes", 60));
  const auto with_event = models::build_geography(raised, executor);
  const auto from_day_one = models::build_geography(pilot(60), executor);
  const auto without_event = models::build_geography(pilot(30), executor);
  EXPECT_EQ(with_event.reach.car_minutes, 60);
  EXPECT_EQ(without_event.reach.car_minutes, 30);

  std::size_t within_60 = 0;
  std::size_t only_with_event = 0;
  ASSERT_EQ(with_event.graphs.size(), from_day_one.graphs.size());
  for (std::size_t t = 0; t < with_event.graphs.size(); ++t) {
    const auto& a = *with_event.graphs[t];
    const auto& b = *from_day_one.graphs[t];
    const auto& short_reach = *without_event.graphs[t];
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      for (std::size_t j = 0; j < a.size(); ++j) {
        const float minutes = b.car_minutes(i, j);
        EXPECT_EQ(a.car_minutes(i, j) <= 60, minutes <= 60);
        if (minutes > 60) continue;
        ASSERT_EQ(a.car_minutes(i, j), minutes) << raised.territories[t].code << " " << i << " → " << j;
        for (const auto mode : {models::CommuteMode::car, models::CommuteMode::no_car}) {
          ASSERT_EQ(a.reachable(i, j, mode, {60, 15, 60}), b.reachable(i, j, mode, {60, 15, 60}));
        }
        ++within_60;
        only_with_event += minutes > 30 && std::isinf(short_reach.car_minutes(i, j));
      }
    }
  }
  EXPECT_GT(within_60, 0u);
  EXPECT_GT(only_with_event, 0u);  // the event's reach is what keeps them
}

TEST(Geography, refuses_a_scenario_whose_commutes_exceed_its_reach) {
  const sim::Executor executor(2);
  const auto geography = models::build_geography(pilot(30), executor);
  EXPECT_NO_THROW(models::require_reach(geography, pilot(30)));
  EXPECT_NO_THROW(models::require_reach(geography, pilot(20)));
  auto raised = pilot(30);
  raised.events.insert(raised.events.begin(), set_event("matching.car_commute_minutes", 45));
  try {
    models::require_reach(geography, raised);
    FAIL() << "a scenario commuting beyond the geography's reach was accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("commutes up to car 45"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("was built for (car 30"), std::string::npos) << e.what();
  }
  // Built for the longest of the two, the geography serves both.
  const auto reach = models::longest(models::commute_reach(pilot(30)), models::commute_reach(raised));
  const auto both = models::build_geography(pilot(30), reach, executor);
  EXPECT_NO_THROW(models::require_reach(both, raised));
  EXPECT_EQ(both.graphs[0]->reach().car_minutes, 45);
}
