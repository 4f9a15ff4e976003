// Tests for emile/models/pathway/stage_ledger.hpp: counts per stage and territory row, flows, logs.
#include "emile/models/pathway/stage_ledger.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace emile;
using models::Stage;

std::vector<models::Household> pool() {
  std::vector<models::Household> households(3);
  households[0].profile.adults = 2;
  households[0].profile.children = 1;
  households[1].profile.adults = 1;
  households[2].profile.adults = 1;
  households[2].profile.children = 3;
  return households;
}

std::int64_t total_households(const models::StageLedger& ledger) {
  std::int64_t sum = 0;
  for (std::size_t row = 0; row < ledger.rows(); ++row) {
    for (std::size_t s = 0; s < models::stage_count; ++s) sum += ledger.in_stage(row, static_cast<Stage>(s)).households;
  }
  return sum;
}

}  // namespace

TEST(StageLedger, starts_with_the_whole_pool_eligible_at_the_origin) {
  const auto households = pool();
  const models::StageLedger ledger(1, 2, households);
  EXPECT_EQ(ledger.rows(), 3u);
  EXPECT_EQ(ledger.in_stage(0, Stage::eligible).households, 3);
  EXPECT_EQ(ledger.in_stage(0, Stage::eligible).persons, 3 + 1 + 4);
  EXPECT_EQ(total_households(ledger), 3);
}

TEST(StageLedger, moves_a_household_between_stages_within_its_row_and_logs_the_change) {
  auto households = pool();
  models::StageLedger ledger(1, 2, households);
  ledger.record_transition(0, households[0], Stage::referred, 5);
  EXPECT_EQ(ledger.in_stage(0, Stage::eligible).households, 2);
  EXPECT_EQ(ledger.in_stage(0, Stage::referred).persons, households[0].profile.persons());
  EXPECT_EQ(ledger.flow(0, Stage::referred).households, 1);
  ASSERT_EQ(ledger.transitions().size(), 1u);
  EXPECT_EQ(ledger.transitions()[0].from, Stage::eligible);
  EXPECT_EQ(ledger.transitions()[0].to, Stage::referred);
  EXPECT_EQ(ledger.transitions()[0].territory_row, 0);
  EXPECT_EQ(total_households(ledger), 3);

  ledger.start_step();
  EXPECT_EQ(ledger.flow(0, Stage::referred).households, 0);
  EXPECT_EQ(ledger.in_stage(0, Stage::referred).households, 1);  // stocks stay
}

TEST(StageLedger, counts_a_household_at_its_host_territory_from_the_proposal_on) {
  auto households = pool();
  models::StageLedger ledger(1, 2, households);
  auto& h = households[2];
  ledger.record_transition(2, h, Stage::referred, 0);
  h.stage = Stage::referred;
  ledger.record_transition(2, h, Stage::enrolled, 1);
  h.stage = Stage::enrolled;
  h.territory = 1;
  ledger.attribute_to_territory(h, 1);
  EXPECT_EQ(ledger.in_stage(0, Stage::enrolled).households, 0);
  EXPECT_EQ(ledger.in_stage(2, Stage::enrolled).persons, h.profile.persons());
  ledger.record_transition(2, h, Stage::proposed, 2);
  EXPECT_EQ(ledger.in_stage(2, Stage::proposed).households, 1);
  EXPECT_EQ(ledger.flow(2, Stage::proposed).households, 1);
  EXPECT_EQ(ledger.transitions().back().territory_row, 2);
  EXPECT_EQ(total_households(ledger), 3);
}

TEST(StageLedger, logs_job_spells_and_their_end) {
  const auto households = pool();
  models::StageLedger ledger(1, 1, households);
  const auto first = ledger.start_job({0, 1, 7, models::Contract::seasonal, 10});
  const auto second = ledger.start_job({1, 1, 8, models::Contract::permanent, 11});
  EXPECT_NE(first, second);
  ledger.end_job(first, 20, models::JobEnd::contract_end);
  EXPECT_EQ(ledger.job(first).end, 20);
  EXPECT_EQ(ledger.job(first).reason, models::JobEnd::contract_end);
  EXPECT_EQ(ledger.job(second).end, -1);
  EXPECT_EQ(ledger.job(second).reason, models::JobEnd::ongoing);
  EXPECT_EQ(ledger.jobs().size(), 2u);
}
