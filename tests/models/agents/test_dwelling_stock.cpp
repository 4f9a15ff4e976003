#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace emile;
using models::DwellingState;

models::TerritorySettings territory(std::int64_t occupied, std::int64_t vacant, std::int64_t reserved) {
  models::TerritorySettings t;
  t.code = "99";
  t.main_residences = occupied;
  t.vacant_dwellings = vacant;
  t.social_share = 0.2;
  t.reserved_dwellings = reserved;
  return t;
}

// The declared defaults, with every room count equally likely.
models::HousingSettings housing() {
  models::HousingSettings h = models::scenario_schema().defaults().housing;
  h.rooms_weights = {1, 1, 1, 1, 1, 1};
  return h;
}

std::size_t total(const models::DwellingStock& stock) {
  std::size_t sum = 0;
  for (std::size_t s = 0; s < models::dwelling_state_count; ++s) sum += stock.count(static_cast<DwellingState>(s));
  return sum;
}

const std::vector<double> communes(50, 1.0);

}  // namespace

TEST(DwellingStock, simulates_every_dwelling_and_keeps_them_all) {
  const auto settings = territory(90'000, 10'000, 20);
  models::DwellingStock stock(settings, housing(), communes, {7, 0}, 1);
  EXPECT_EQ(stock.size(), 100'000u);
  EXPECT_EQ(total(stock), 100'000u);
  EXPECT_EQ(stock.vacant(), 10'000u);
  EXPECT_EQ(stock.reserved().size(), 20u);
  for (int step = 0; step < 52; ++step) {
    stock.step(settings, housing(), 7 / 365.25, step, {7, 0});
    ASSERT_EQ(total(stock), 100'000u);
  }
}

TEST(DwellingStock, turns_over_at_the_declared_rate) {
  const auto settings = territory(200'000, 0, 0);
  models::DwellingStock stock(settings, housing(), communes, {3, 0}, 1);
  const auto social_before = stock.count(DwellingState::occupied_social);
  auto h = housing();
  h.local_demand_per_year = 0;  // nothing re-let: every move out stays vacant
  stock.step(settings, h, 7 / 365.25, 0, {3, 0});
  const double expected = social_before * -std::expm1(-0.25 * 7 / 365.25);
  const double observed = static_cast<double>(stock.count(DwellingState::vacant_social));
  EXPECT_NEAR(observed, expected, 5 * std::sqrt(expected));  // binomial: 5 standard deviations
}

TEST(DwellingStock, keeps_structural_vacancy_out_of_local_demand) {
  const auto settings = territory(50'000, 10'000, 0);
  models::DwellingStock stock(settings, housing(), communes, {1, 0}, 1);
  const auto structural = stock.count(DwellingState::structural_private) + stock.count(DwellingState::structural_social);
  auto h = housing();
  h.social_turnover_per_year = h.private_turnover_per_year = 0;
  h.local_demand_per_year = 50;
  for (int step = 0; step < 10; ++step) stock.step(settings, h, 7 / 365.25, step, {1, 0});
  EXPECT_EQ(stock.count(DwellingState::structural_private) + stock.count(DwellingState::structural_social), structural);
  EXPECT_LT(stock.count(DwellingState::vacant_private), 50u);  // the market ones were taken
}

TEST(DwellingStock, lends_reserved_dwellings_to_the_programme_and_takes_them_back) {
  const auto settings = territory(10'000, 2'000, 5);
  models::DwellingStock stock(settings, housing(), communes, {9, 0}, 1);
  const std::uint32_t id = stock.reserved().front();
  stock.take(id);
  EXPECT_EQ(stock.state(id), DwellingState::programme);
  EXPECT_EQ(stock.reserved().size(), 4u);
  EXPECT_THROW(stock.take(id), std::logic_error);
  stock.release(id, settings);
  EXPECT_EQ(stock.state(id), DwellingState::reserved);
  stock.take(id);
  stock.step(settings, housing(), 7 / 365.25, 0, {9, 0});  // the reservation is topped up again
  EXPECT_EQ(stock.reserved().size(), 5u);
  stock.release(id, settings);  // full reservation: back to the market
  EXPECT_EQ(stock.state(id), DwellingState::vacant_social);
}

TEST(DwellingStock, is_the_same_for_the_same_seed_and_differs_for_another) {
  const models::DwellingStock a(territory(5'000, 500, 3), housing(), communes, {4, 0}, 1);
  const models::DwellingStock b(territory(5'000, 500, 3), housing(), communes, {4, 0}, 1);
  const models::DwellingStock c(territory(5'000, 500, 3), housing(), communes, {5, 0}, 1);
  std::size_t same = 0, differ = 0;
  for (std::uint32_t i = 0; i < 5'500; ++i) {
    same += a.dwelling(i).rent_eur == b.dwelling(i).rent_eur && a.dwelling(i).commune == b.dwelling(i).commune;
    differ += a.dwelling(i).rent_eur != c.dwelling(i).rent_eur;
  }
  EXPECT_EQ(same, 5'500u);
  EXPECT_GT(differ, 4'000u);
}
