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
  t.frictional_vacancy_rate = 0.06;
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
constexpr double week = 7 / 365.25;

}  // namespace

TEST(DwellingStock, simulates_every_dwelling_and_keeps_them_all) {
  const auto settings = territory(90'000, 10'000, 20);
  models::DwellingStock stock(settings, housing(), communes, communes, week, {7, 0}, 1);
  EXPECT_EQ(stock.size(), 100'000u);
  EXPECT_EQ(total(stock), 100'000u);
  EXPECT_EQ(stock.vacant(), 10'000u);
  EXPECT_EQ(stock.reserved().size(), 20u);
  for (int step = 0; step < 52; ++step) {
    stock.step(settings, housing(), week, step, {7, 0});
    ASSERT_EQ(total(stock), 100'000u);
  }
}

TEST(DwellingStock, places_occupied_and_vacant_dwellings_by_their_own_commune_weights) {
  const std::vector<double> occupied_weights{1, 0, 0};
  const std::vector<double> vacant_weights{0, 0, 1};
  const models::DwellingStock stock(territory(3'000, 1'000, 10), housing(), occupied_weights, vacant_weights, week,
                                    {5, 0}, 1);
  for (std::uint32_t id = 0; id < stock.size(); ++id) {
    const auto state = stock.state(id);
    const bool occupied = state == DwellingState::occupied_social || state == DwellingState::occupied_private;
    ASSERT_EQ(stock.dwelling(id).commune, occupied ? 0 : 2) << "dwelling " << id;
  }
  // A territory without vacant dwellings needs no vacant weights.
  const models::DwellingStock full(territory(100, 0, 0), housing(), occupied_weights, std::vector<double>{0, 0, 0},
                                   week, {5, 0}, 1);
  EXPECT_EQ(full.vacant(), 0u);
}

TEST(DwellingStock, turns_over_at_the_declared_rate) {
  const auto settings = territory(200'000, 0, 0);
  models::DwellingStock stock(settings, housing(), communes, communes, week, {3, 0}, 1);
  const auto social_before = stock.count(DwellingState::occupied_social);
  // Nothing is vacant at the start, so the step lets nothing (its lettings are drawn from the stock it found).
  stock.step(settings, housing(), week, 0, {3, 0});
  const double expected = social_before * -std::expm1(-0.25 * 7 / 365.25);
  const double observed = static_cast<double>(stock.count(DwellingState::vacant_social));
  EXPECT_NEAR(observed, expected, 5 * std::sqrt(expected));  // binomial: 5 standard deviations
}

TEST(DwellingStock, derives_the_structural_share_from_the_frictional_rate) {
  auto t = territory(90'000, 10'000, 0);
  EXPECT_NEAR(models::structural_vacancy_share(t), 1 - 0.06 * 100'000 / 10'000.0, 1e-12);  // 0.4
  t.vacant_dwellings = 5'000;  // a 5.3 % vacancy rate, below the frictional 6 %: none structural
  EXPECT_EQ(models::structural_vacancy_share(t), 0.0);
  t.vacant_dwellings = 0;
  EXPECT_EQ(models::structural_vacancy_share(t), 0.0);
}

TEST(DwellingStock, keeps_structural_vacancy_out_of_local_demand) {
  const auto settings = territory(50'000, 10'000, 0);
  models::DwellingStock stock(settings, housing(), communes, communes, week, {1, 0}, 1);
  const auto structural = [&] { return stock.count(DwellingState::structural_private) + stock.count(DwellingState::structural_social); };
  const auto before = structural();
  EXPECT_NEAR(static_cast<double>(before), 10'000 * models::structural_vacancy_share(settings), 5 * std::sqrt(10'000 * 0.25));
  const auto private_vacant = stock.count(DwellingState::vacant_private);
  std::size_t changed = 0;
  for (int step = 0; step < 10; ++step) {
    stock.step(settings, housing(), week, step, {1, 0});
    changed += stock.count(DwellingState::vacant_private) != private_vacant;
  }
  EXPECT_EQ(structural(), before);
  EXPECT_GT(changed, 0u);  // while the market's vacant dwellings are let and others fall vacant
}

TEST(DwellingStock, local_demand_keeps_the_expected_vacancy_at_its_start) {
  // Each vacant, non-structural dwelling of a tenure is let with probability p_let a step and each occupied one
  // falls vacant with p_turn, so the vacant count V moves as E[V'] = V (1 − p_let) + (N − V) p_turn, whose fixed
  // point is the start exactly when p_let V₀ = p_turn (N − V₀). The count at any step then has variance at most
  // that of a binomial(N, V₀ ÷ N) (independent two-state dwellings at equilibrium); over 20 seeds the mean after
  // 52 steps stays within 4 standard deviations of that mean.
  const auto settings = territory(400'000, 40'000, 0);
  constexpr int seeds = 20;
  double start = 0, end = 0, occupied_private = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    models::DwellingStock stock(settings, housing(), communes, communes, week, {seed, 0}, 1);
    start += static_cast<double>(stock.count(DwellingState::vacant_private)) / seeds;
    occupied_private += static_cast<double>(stock.count(DwellingState::occupied_private)) / seeds;
    for (int step = 0; step < 52; ++step) stock.step(settings, housing(), week, step, {seed, 0});
    end += static_cast<double>(stock.count(DwellingState::vacant_private)) / seeds;
  }
  const double market = start + occupied_private;
  const double q = start / market;
  EXPECT_NEAR(end, start, 4 * std::sqrt(market * q * (1 - q) / seeds));
}

TEST(DwellingStock, lends_reserved_dwellings_to_the_programme_and_takes_them_back) {
  const auto settings = territory(10'000, 2'000, 5);
  models::DwellingStock stock(settings, housing(), communes, communes, week, {9, 0}, 1);
  const std::uint32_t id = stock.reserved().front();
  stock.take(id);
  EXPECT_EQ(stock.state(id), DwellingState::programme);
  EXPECT_EQ(stock.reserved().size(), 4u);
  EXPECT_THROW(stock.take(id), std::logic_error);
  stock.release(id, settings);
  EXPECT_EQ(stock.state(id), DwellingState::reserved);
  stock.take(id);
  stock.step(settings, housing(), week, 0, {9, 0});  // the reservation is topped up again
  EXPECT_EQ(stock.reserved().size(), 5u);
  stock.release(id, settings);  // full reservation: back to the market
  EXPECT_EQ(stock.state(id), DwellingState::vacant_social);
}

TEST(DwellingStock, is_the_same_for_the_same_seed_and_differs_for_another) {
  const models::DwellingStock a(territory(5'000, 500, 3), housing(), communes, communes, week, {4, 0}, 1);
  const models::DwellingStock b(territory(5'000, 500, 3), housing(), communes, communes, week, {4, 0}, 1);
  const models::DwellingStock c(territory(5'000, 500, 3), housing(), communes, communes, week, {5, 0}, 1);
  std::size_t same = 0, differ = 0;
  for (std::uint32_t i = 0; i < 5'500; ++i) {
    same += a.dwelling(i).rent_eur == b.dwelling(i).rent_eur && a.dwelling(i).commune == b.dwelling(i).commune;
    differ += a.dwelling(i).commune != c.dwelling(i).commune;
  }
  EXPECT_EQ(same, 5'500u);
  EXPECT_GT(differ, 4'000u);
}
