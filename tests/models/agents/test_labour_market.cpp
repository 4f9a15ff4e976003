#include "emile/models/agents/labour_market.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace emile;

models::TerritorySettings territory() {
  models::TerritorySettings t;
  t.code = "99";
  t.jobs = 100'000;
  t.active = 100'000;
  t.unemployed = 10'000;
  return t;
}

models::LabourSettings labour() {
  models::LabourSettings l;
  l.hires_per_job_per_year = 0.25;
  l.programme_visible_share = 0.05;
  l.vacancy_weeks = 10;
  l.local_fill_per_year = 6;
  l.reference_unemployment_rate = 0.1;
  l.hard_to_fill_share = 0.5;
  l.sector_job_shares = {1, 1, 1, 1, 1, 1, 1, 1};
  l.contract_weights = {1, 1, 1, 1};
  l.qualification_weights = {1, 1, 1, 1};
  l.fixed_term_weeks = 26;
  l.seasonal_weeks = 16;
  l.training_weeks = 40;
  l.summer_seasonality = std::vector<double>(12, 1.0);
  l.employer_mean_size = 10;
  l.partner_share = 0.5;
  return l;
}

const std::vector<double> communes(40, 1.0);
constexpr double week = 7 / 365.25;
const sim::Clock weekly(sim::Date::parse("2021-03-01"), 7);  // steps start in March

// A market with no vacancy open at the start (no hiring before it), to watch one step's openings.
models::LabourMarket empty_market(const models::TerritorySettings& t, models::LabourSettings l, sim::StreamSeed seed,
                                  sim::Step steps) {
  l.hires_per_job_per_year = 0;
  return models::LabourMarket(t, l, communes, weekly, seed, 1, steps);
}

}  // namespace

TEST(LabourMarket, opens_vacancies_at_the_hiring_rate) {
  models::LabourMarket market = empty_market(territory(), labour(), {1, 0}, 10);
  market.step(territory(), labour(), weekly, 1.0, 0, {1, 0});
  const double expected = 100'000 * 0.25 * week;  // Poisson mean over all sectors
  EXPECT_NEAR(static_cast<double>(market.open_count()), expected, 5 * std::sqrt(expected));
  const double visible_expected = expected * 0.5 * 0.05;
  EXPECT_NEAR(static_cast<double>(market.visible().size()), visible_expected, 5 * std::sqrt(visible_expected) + 1);
}

TEST(LabourMarket, scales_openings_by_the_hiring_factor) {
  models::LabourMarket normal = empty_market(territory(), labour(), {2, 0}, 10);
  models::LabourMarket lockdown = empty_market(territory(), labour(), {2, 0}, 10);
  normal.step(territory(), labour(), weekly, 1.0, 0, {2, 0});
  lockdown.step(territory(), labour(), weekly, 0.2, 0, {2, 0});
  EXPECT_LT(lockdown.open_count() * 3, normal.open_count());
}

TEST(LabourMarket, closes_every_vacancy_within_its_lifetime) {
  auto l = labour();
  models::LabourMarket market = empty_market(territory(), l, {3, 0}, 40);
  market.step(territory(), l, weekly, 1.0, 0, {3, 0});
  const auto opened = market.open_count();
  EXPECT_GT(opened, 0u);
  l.hires_per_job_per_year = 0;  // no new openings: watch the first cohort close
  for (int step = 1; step <= 11; ++step) market.step(territory(), l, weekly, 1.0, step, {3, 0});
  EXPECT_EQ(market.open_count(), 0u);
}

TEST(LabourMarket, lets_the_programme_take_fill_and_give_back_a_vacancy) {
  models::LabourMarket market = empty_market(territory(), labour(), {4, 0}, 40);
  market.step(territory(), labour(), weekly, 1.0, 0, {4, 0});
  ASSERT_GE(market.visible().size(), 2u);
  const std::uint32_t first = market.visible()[0];
  const std::uint32_t second = market.visible()[1];
  const auto visible = market.visible().size();
  market.take(first);
  market.take(second);
  EXPECT_EQ(market.visible().size(), visible - 2);
  EXPECT_THROW(market.take(first), std::logic_error);
  market.release(first, 1);
  EXPECT_EQ(market.visible().size(), visible - 1);
  market.fill(second);
  EXPECT_THROW(market.fill(second), std::logic_error);
}

TEST(LabourMarket, counted_local_vacancies_close_as_individual_ones_would) {
  // One cohort of openings, then none: the share still open after k weeks is P(weeks open ≥ k), with weeks open =
  // 10 if hard to fill (half of them), else min(10, Exp(rate)), rate = 6/year at the reference unemployment.
  auto t = territory();
  t.jobs = 20'000'000;
  auto l = labour();
  l.programme_visible_share = 0;  // every vacancy is local, hence counted
  models::LabourMarket market = empty_market(t, l, {5, 0}, 20);
  market.step(t, l, weekly, 1.0, 0, {5, 0});
  const double opened = static_cast<double>(market.open_count());
  ASSERT_GT(opened, 50'000);
  l.hires_per_job_per_year = 0;
  const double step_weeks = 1.0;  // weekly steps
  for (int k = 1; k <= 11; ++k) {
    market.step(t, l, weekly, 1.0, k, {5, 0});
    const double survive = k * step_weeks >= 10 ? 0.0 : 0.5 + 0.5 * std::exp(-6.0 * k * step_weeks / sim::weeks_per_year);
    const double expected = opened * survive;
    EXPECT_NEAR(static_cast<double>(market.open_count()), expected, 5 * std::sqrt(opened * survive * (1 - survive)) + 1) << k;
  }
}

TEST(LabourMarket, a_local_opening_taken_leaves_the_count_and_its_closing) {
  // One step of openings, ten taken by programme households, then none opens: the count drops by ten at once and
  // still reaches exactly zero once every remaining closing has passed.
  auto l = labour();
  models::LabourMarket market = empty_market(territory(), l, {6, 0}, 40);
  market.step(territory(), l, weekly, 1.0, 0, {6, 0});
  const auto open = market.open_count();
  const auto sector = models::Sector::care;
  ASSERT_GE(market.local_openings(sector), 10u);
  sim::RandomStream stream({6, 0}, 99, 0, 0);
  for (int k = 0; k < 10; ++k) {
    const models::Vacancy v = market.draw_local_opening(sector, l, 0, stream);
    EXPECT_EQ(v.sector, sector);
    EXPECT_EQ(market.employer(v.employer).sector, sector);
    market.take_local_opening(sector, 0, stream);
  }
  EXPECT_EQ(market.open_count(), open - 10);
  l.hires_per_job_per_year = 0;
  for (int step = 1; step <= 11; ++step) market.step(territory(), l, weekly, 1.0, step, {6, 0});
  EXPECT_EQ(market.open_count(), 0u);
  EXPECT_EQ(market.local_openings(sector), 0u);
  EXPECT_THROW(market.take_local_opening(sector, 11, stream), std::logic_error);
}

TEST(LabourMarket, starts_at_rest) {
  // With constant rates, the open count after any step has the same distribution as after the first: the start
  // holds what earlier steps would have left open. Over 10 seeds, the means after step 0 and after step 40 differ
  // by less than 4 standard deviations of their difference (Poisson counts: variance = mean). A market that
  // started empty, or one step short, would miss by about a step's openings (≈ 4,800 here, ≈ 120 visible).
  auto t = territory();
  t.jobs = 1'000'000;
  constexpr int seeds = 10;
  double first = 0, later = 0, first_visible = 0, later_visible = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    models::LabourMarket market(t, labour(), communes, weekly, {seed, 0}, 1, 41);
    EXPECT_GT(market.open_count(), 0u);
    for (int step = 0; step <= 40; ++step) {
      market.step(t, labour(), weekly, 1.0, step, {seed, 0});
      if (step == 0) {
        first += static_cast<double>(market.open_count()) / seeds;
        first_visible += static_cast<double>(market.visible().size()) / seeds;
      }
    }
    later += static_cast<double>(market.open_count()) / seeds;
    later_visible += static_cast<double>(market.visible().size()) / seeds;
  }
  EXPECT_NEAR(later, first, 4 * std::sqrt(2 * first / seeds));
  EXPECT_NEAR(later_visible, first_visible, 4 * std::sqrt(2 * first_visible / seeds));
}
