// The cost of a replication (cost.hpp): caseworkers in post × their yearly cost × the step's share of a year, plus
// enrolments, visits and moves at their prices; avoided, the persons × nights from the move to the return or the
// end of the run × the night's price of the household's former accommodation; per moved and per settled household,
// NaN when there is none.
#include "emile/models/recording/cost.hpp"
#include "emile/models/ensemble/ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace {

using namespace emile;
using models::HousingSituation;
using models::Stage;

models::Scenario pilot() {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
}

// Prices chosen so that a caseworker costs a round 700 € (origin) or 350 € (territory) per 7-day step.
models::Scenario priced(int step_days) {
  auto scenario = pilot();
  scenario.run.step_days = step_days;
  scenario.cost = {.origin_caseworker_eur_per_year = 36525,
                   .territory_caseworker_eur_per_year = 18262.5,
                   .enrolment_eur = 100,
                   .immersion_visit_eur = 250,
                   .move_eur = 1000};
  scenario.origins.front().hotel_night_eur = 50;
  scenario.origins.front().shelter_night_eur = 20;
  return scenario;
}

// Every price zero but the one `set` sets to 1 (`set` takes the costs, or the origin for its night prices).
template <class Set>
models::Scenario one_price(Set&& set) {
  auto scenario = pilot();
  scenario.cost = {};
  auto& origin = scenario.origins.front();
  origin.hotel_night_eur = origin.shelter_night_eur = 0;
  if constexpr (std::is_invocable_v<Set, models::CostSettings&>) {
    set(scenario.cost);
  } else {
    set(origin);
  }
  return scenario;
}

struct Record {
  models::RunRecord r;
  Record(sim::Step steps, std::size_t rows) {
    r.steps = steps;
    r.rows = rows;
    r.values.assign(models::metric_names().size() * static_cast<std::size_t>(steps) * rows, 0);
  }
  void set(const std::string& metric, sim::Step step, std::size_t row, std::int64_t value) {
    r.values[(models::metric_index(metric) * static_cast<std::size_t>(r.steps) + static_cast<std::size_t>(step)) * r.rows + row] = value;
  }
  std::uint32_t household(HousingSituation situation, int adults, int children) {
    models::HouseholdProfile profile;
    profile.adults = static_cast<std::uint8_t>(adults);
    profile.children = static_cast<std::uint8_t>(children);
    profile.situation = situation;
    r.households.push_back({profile, Stage::eligible, 0, 0, false, false, false, models::none});
    return static_cast<std::uint32_t>(r.households.size() - 1);
  }
  // A stage change, counted in its flow.
  void change(std::uint32_t household, Stage from, Stage to, sim::Step step, std::int16_t row) {
    r.transitions.push_back({step, household, from, to, row});
    r.households[household].final_stage = to;
    r.households[household].territory_row = row;
    const auto metric = std::string(name(to)) + "_households";
    set(metric, step, static_cast<std::size_t>(row), r.value(models::metric_index(metric), step, static_cast<std::size_t>(row)) + 1);
  }
};

// Four steps, the origin and two territories: two Île-de-France caseworkers throughout, one in territory 1 from
// step 2; three enrolments and two visits; three moves — a hotel family of 3 (step 1, settled at step 3), a
// shelter family of 2 (step 2, returned at step 3), a hosted single adult (step 0).
models::RunRecord constructed() {
  Record rec(4, 3);
  for (sim::Step s = 0; s < 4; ++s) rec.set("caseworkers", s, 0, 2);
  rec.set("caseworkers", 2, 1, 1);
  rec.set("caseworkers", 3, 1, 1);
  const auto hotel = rec.household(HousingSituation::hotel, 2, 1);
  const auto shelter = rec.household(HousingSituation::shelter, 1, 1);
  const auto hosted = rec.household(HousingSituation::hosted, 1, 0);
  const auto stayed = rec.household(HousingSituation::hotel, 2, 2);
  for (const auto h : {hotel, shelter, hosted}) rec.change(h, Stage::referred, Stage::enrolled, 0, 0);
  rec.change(hotel, Stage::proposed, Stage::immersed, 0, 1);
  rec.change(shelter, Stage::proposed, Stage::immersed, 0, 1);
  rec.change(hosted, Stage::matched, Stage::moved, 0, 2);
  rec.change(hotel, Stage::matched, Stage::moved, 1, 1);
  rec.change(shelter, Stage::matched, Stage::moved, 2, 1);
  rec.change(hotel, Stage::moved, Stage::settled, 3, 1);
  rec.change(shelter, Stage::moved, Stage::returned, 3, 1);
  rec.change(stayed, Stage::eligible, Stage::referred, 3, 0);  // never moves: avoids nothing
  return rec.r;
}

// Costs are sums of at most a few thousand products of doubles: equal to 1e-12 relative.
void expect_close(double actual, double expected) { EXPECT_NEAR(actual, expected, 1e-12 * std::abs(expected)); }

class PilotRecord : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    result_ = new models::EnsembleResult(models::run_ensemble(pilot(), {.seed = 21, .replications = 1, .threads = 2}));
  }
  static void TearDownTestSuite() { delete result_; }
  static models::EnsembleResult* result_;
  const models::RunRecord& run() const { return result_->runs.front(); }
};
models::EnsembleResult* PilotRecord::result_ = nullptr;

}  // namespace

TEST(Cost, prices_a_constructed_record_as_computed_by_hand) {
  const auto c = models::cost(constructed(), priced(7));
  // Caseworkers: 2 × 4 origin steps × 700 € + 1 × 2 territory steps × 350 €.
  expect_close(c.caseworkers_eur, 2 * 4 * 700.0 + 2 * 350.0);
  // Stages: 3 enrolments × 100 € + 2 visits × 250 € + 3 moves × 1,000 €.
  EXPECT_DOUBLE_EQ(c.stages_eur, 3 * 100.0 + 2 * 250.0 + 3 * 1000.0);
  EXPECT_DOUBLE_EQ(c.mobility_aid_eur, 0);
  EXPECT_DOUBLE_EQ(c.gross_eur, c.caseworkers_eur + c.stages_eur);
  // Avoided: the hotel family, 3 persons × (4 − 1) steps × 7 nights × 50 €, settled but still housed at the end;
  // the shelter family, 2 persons × (3 − 2) steps × 7 nights × 20 € until its return; the hosted adult, nothing.
  EXPECT_DOUBLE_EQ(c.avoided_eur, 3 * 3 * 7 * 50.0 + 2 * 1 * 7 * 20.0);
  EXPECT_DOUBLE_EQ(c.net_eur, c.gross_eur - c.avoided_eur);
  // Three moved, one settled.
  EXPECT_DOUBLE_EQ(c.gross_per_moved_eur, c.gross_eur / 3);
  EXPECT_DOUBLE_EQ(c.net_per_moved_eur, c.net_eur / 3);
  EXPECT_DOUBLE_EQ(c.gross_per_settled_eur, c.gross_eur);
  EXPECT_DOUBLE_EQ(c.net_per_settled_eur, c.net_eur);
}

TEST(Cost, mobility_aid_counts_each_course_paid_and_each_car_helped_to_with_its_rental_months) {
  auto scenario = priced(7);
  scenario.cost.licence_course_eur = 1800;
  scenario.cost.car_aid_eur = 3000;
  scenario.cost.car_rental_eur_per_month = 300;
  scenario.mobility_aid.car_rental_months = 2;
  auto record = constructed();
  const double before = models::cost(record, scenario).gross_eur;
  record.households[0].licence_aid = true;  // a course, failed or passed, is paid
  record.households[1].licence_aid = true;
  record.households[1].car_aid = true;
  record.households[3].car_aid = true;  // aid given to a household that never moved is paid all the same
  const auto c = models::cost(record, scenario);
  EXPECT_DOUBLE_EQ(c.mobility_aid_eur, 2 * 1800.0 + 2 * (3000.0 + 2 * 300.0));
  EXPECT_DOUBLE_EQ(c.gross_eur, before + c.mobility_aid_eur);
  EXPECT_DOUBLE_EQ(c.gross_eur, c.caseworkers_eur + c.stages_eur + c.mobility_aid_eur);
}

TEST(Cost, steps_twice_as_long_double_the_caseworkers_and_the_nights_but_not_the_stages) {
  const auto week = models::cost(constructed(), priced(7));
  const auto fortnight = models::cost(constructed(), priced(14));
  expect_close(fortnight.caseworkers_eur, 2 * week.caseworkers_eur);
  EXPECT_DOUBLE_EQ(fortnight.avoided_eur, 2 * week.avoided_eur);
  EXPECT_DOUBLE_EQ(fortnight.stages_eur, week.stages_eur);
}

TEST(Cost, per_moved_and_per_settled_costs_are_nan_when_nobody_moved_or_settled) {
  auto nobody = constructed();
  nobody.transitions.clear();
  for (const char* flow : {"moved_households", "settled_households", "returned_households"}) {
    const std::size_t m = models::metric_index(flow);
    std::fill_n(nobody.values.begin() + static_cast<std::ptrdiff_t>(m * 4 * 3), 4 * 3, 0);
  }
  const auto none = models::cost(nobody, priced(7));
  EXPECT_GT(none.gross_eur, 0.0);
  EXPECT_EQ(none.avoided_eur, 0.0);
  EXPECT_TRUE(std::isnan(none.gross_per_moved_eur));
  EXPECT_TRUE(std::isnan(none.net_per_moved_eur));
  EXPECT_TRUE(std::isnan(none.gross_per_settled_eur));
  EXPECT_TRUE(std::isnan(none.net_per_settled_eur));

  // Moved but none settled yet: only the per-settled costs are NaN.
  auto unsettled = constructed();
  std::erase_if(unsettled.transitions, [](const models::Transition& t) { return t.to == Stage::settled; });
  const std::size_t settled = models::metric_index("settled_households");
  std::fill_n(unsettled.values.begin() + static_cast<std::ptrdiff_t>(settled * 4 * 3), 4 * 3, 0);
  const auto c = models::cost(unsettled, priced(7));
  EXPECT_TRUE(std::isfinite(c.gross_per_moved_eur) && std::isfinite(c.net_per_moved_eur));
  EXPECT_TRUE(std::isnan(c.gross_per_settled_eur));
  EXPECT_TRUE(std::isnan(c.net_per_settled_eur));
}

TEST_F(PilotRecord, each_stage_price_counts_its_recorded_flow) {
  const auto moves = models::cost(run(), one_price([](models::CostSettings& c) { c.move_eur = 1; }));
  EXPECT_EQ(moves.gross_eur, run().total(models::metric_index("moved_households")));
  EXPECT_GT(moves.gross_eur, 0.0);
  const auto visits = models::cost(run(), one_price([](models::CostSettings& c) { c.immersion_visit_eur = 1; }));
  EXPECT_EQ(visits.gross_eur, run().total(models::metric_index("immersed_households")));
  const auto enrolments = models::cost(run(), one_price([](models::CostSettings& c) { c.enrolment_eur = 1; }));
  EXPECT_EQ(enrolments.gross_eur, run().total(models::metric_index("enrolled_households")));
  for (const auto& c : {moves, visits, enrolments}) {
    EXPECT_EQ(c.caseworkers_eur, 0.0);
    EXPECT_EQ(c.avoided_eur, 0.0);
  }
}

TEST_F(PilotRecord, an_origin_caseworker_costs_its_yearly_price_for_each_step_in_post) {
  const auto scenario = one_price([](models::CostSettings& c) { c.origin_caseworker_eur_per_year = sim::days_per_year; });
  const double steps = static_cast<double>(run().steps);
  // One euro a day: the pilot's Île-de-France caseworkers (none changed by an event) for every day of every step.
  expect_close(models::cost(run(), scenario).caseworkers_eur,
               static_cast<double>(scenario.origins.front().caseworkers) * steps * static_cast<double>(scenario.run.step_days));
}

TEST_F(PilotRecord, hotel_nights_are_avoided_from_each_move_to_the_return_or_the_end) {
  const auto scenario = one_price([](models::OriginSettings& o) { o.hotel_night_eur = 1; });
  double nights = 0;
  for (std::size_t h = 0; h < run().households.size(); ++h) {
    const auto& household = run().households[h];
    if (household.profile.situation != HousingSituation::hotel || !models::has_moved(household.final_stage)) continue;
    sim::Step moved = -1, returned = run().steps;
    for (const auto& t : run().transitions) {
      if (t.household != h) continue;
      if (t.to == Stage::moved) moved = t.step;
      if (t.to == Stage::returned) returned = t.step;
    }
    ASSERT_GE(moved, 0);
    nights += household.profile.persons() * static_cast<double>((returned - moved) * scenario.run.step_days);
  }
  ASSERT_GT(nights, 0.0);
  const auto c = models::cost(run(), scenario);
  EXPECT_DOUBLE_EQ(c.avoided_eur, nights);
  EXPECT_DOUBLE_EQ(c.net_eur, -nights);  // no other price
}

TEST_F(PilotRecord, the_breakdown_adds_up_at_the_scenarios_own_prices) {
  const auto& scenario = result_->scenario;
  const auto c = models::cost(run(), scenario);
  EXPECT_GT(c.caseworkers_eur, 0.0);
  EXPECT_GT(c.stages_eur, 0.0);
  EXPECT_GT(c.avoided_eur, 0.0);
  EXPECT_DOUBLE_EQ(c.gross_eur, c.caseworkers_eur + c.stages_eur);
  EXPECT_DOUBLE_EQ(c.net_eur, c.gross_eur - c.avoided_eur);
  const double moved = run().total(models::metric_index("moved_households"));
  // Settled at the end of follow-up (not every entry into `settled`).
  const double settled = static_cast<double>(std::count_if(run().transitions.begin(), run().transitions.end(), [](const models::Transition& t) {
    return t.from == Stage::moved && t.to == Stage::settled;
  }));
  ASSERT_GT(moved, 0.0);
  EXPECT_DOUBLE_EQ(c.gross_per_moved_eur * moved, c.gross_eur);
  EXPECT_DOUBLE_EQ(c.net_per_moved_eur * moved, c.net_eur);
  if (settled > 0) {
    EXPECT_DOUBLE_EQ(c.gross_per_settled_eur * settled, c.gross_eur);
  } else {
    EXPECT_TRUE(std::isnan(c.gross_per_settled_eur));
  }
}
