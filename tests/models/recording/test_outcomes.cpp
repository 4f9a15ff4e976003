// What became of the moved households at the end of follow-up and at 12 months (outcomes.hpp), on a record built
// by hand so that each case and each censoring is known, and on whole runs: observed + censored = moved in every
// territory row.
#include "emile/models/recording/outcomes.hpp"
#include "emile/models/ensemble/ensemble.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

using namespace emile;
using models::JobEnd;
using models::Stage;

constexpr auto follow_up_end = static_cast<std::size_t>(models::OutcomeMark::follow_up_end);
constexpr auto month_12 = static_cast<std::size_t>(models::OutcomeMark::month_12);

struct Record {
  models::RunRecord r;
  Record(sim::Step steps, std::size_t rows) {
    r.steps = steps;
    r.rows = rows;
  }
  void change(std::uint32_t household, Stage from, Stage to, sim::Step step, std::int16_t row = 1) {
    r.transitions.push_back({step, household, from, to, row});
  }
  void job(std::uint32_t household, sim::Step start, sim::Step end, JobEnd reason = JobEnd::job_loss) {
    r.jobs.push_back({household, 1, 0, models::Contract::permanent, start, end, end < 0 ? JobEnd::ongoing : reason});
  }
};

}  // namespace

// Weekly steps: the 12-month mark is 53 steps after the move (⌈365.25 / 7⌉).
TEST(Outcomes, classifies_each_moved_household_once_at_each_mark) {
  Record rec(100, 2);
  // 0: moved at 0, settled at 26, still in its first job at 53 → employed, employed.
  rec.change(0, Stage::matched, Stage::moved, 0);
  rec.change(0, Stage::moved, Stage::settled, 26);
  rec.job(0, 0, -1);
  // 1: moved at 0, its job ends at 10, housed at 26, a new job from 53 → housed, employed (started by the mark).
  rec.change(1, Stage::matched, Stage::moved, 0);
  rec.job(1, 0, 10);
  rec.change(1, Stage::moved, Stage::housed, 26);
  rec.job(1, 53, -1);
  rec.change(1, Stage::housed, Stage::settled, 53);
  // 2: moved at 0, settled at 26, job lost at 53 → employed, housed (the job ended by the mark).
  rec.change(2, Stage::matched, Stage::moved, 0);
  rec.change(2, Stage::moved, Stage::settled, 26);
  rec.job(2, 0, 53);
  rec.change(2, Stage::settled, Stage::housed, 53);
  // 3: moved at 5, returned at 20 during follow-up → returned, returned.
  rec.change(3, Stage::matched, Stage::moved, 5);
  rec.job(3, 5, 20, JobEnd::returned);
  rec.change(3, Stage::moved, Stage::returned, 20);
  // 4: moved at 30, settled at 56, returned at 83, the step of its 12-month mark → employed, returned.
  rec.change(4, Stage::matched, Stage::moved, 30);
  rec.change(4, Stage::moved, Stage::settled, 56);
  rec.job(4, 30, 83, JobEnd::returned);
  rec.change(4, Stage::settled, Stage::returned, 83);
  // 5: moved at 47: its 12-month mark, 100, is past the last step, 99 → employed, censored.
  rec.change(5, Stage::matched, Stage::moved, 47);
  rec.change(5, Stage::moved, Stage::settled, 73);
  rec.job(5, 47, -1);
  // 6: moved at 90, still followed at the end → censored, censored.
  rec.change(6, Stage::matched, Stage::moved, 90);
  rec.job(6, 90, -1);
  // 7: moved at 80, returned at 95 → returned at both marks, though neither is reached within the run.
  rec.change(7, Stage::matched, Stage::moved, 80);
  rec.job(7, 80, 95, JobEnd::returned);
  rec.change(7, Stage::moved, Stage::returned, 95);

  const auto outcomes = models::outcomes_after_move(rec.r, 7);
  const auto& end = outcomes[follow_up_end][1];
  EXPECT_EQ(end.moved, 8);
  EXPECT_EQ(end.employed, 4);  // 0, 2, 4, 5
  EXPECT_EQ(end.housed, 1);    // 1
  EXPECT_EQ(end.returned, 2);  // 3, 7
  EXPECT_EQ(end.censored, 1);  // 6
  const auto& year = outcomes[month_12][1];
  EXPECT_EQ(year.moved, 8);
  EXPECT_EQ(year.employed, 2);  // 0, 1
  EXPECT_EQ(year.housed, 1);    // 2
  EXPECT_EQ(year.returned, 3);  // 3, 4, 7
  EXPECT_EQ(year.censored, 2);  // 5, 6
  EXPECT_EQ(outcomes[follow_up_end][0].moved, 0);  // nobody moved to the origin's row
}

TEST(Outcomes, observed_and_censored_add_up_to_the_moved_households_in_every_territory) {
  const auto scenario = models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/expansion-2021.toml");
  const auto result = models::run_ensemble(scenario, {.seed = 4, .replications = 2, .threads = 2});
  for (const auto& run : result.runs) {
    std::vector<std::int64_t> moved(run.rows, 0);
    for (const auto& t : run.transitions) moved[static_cast<std::size_t>(t.territory_row)] += t.to == Stage::moved;
    const auto outcomes = models::outcomes_after_move(run, 7);
    for (const auto& mark : outcomes) {
      models::MarkOutcomes total;
      for (std::size_t row = 0; row < run.rows; ++row) {
        const auto& o = mark[row];
        EXPECT_EQ(o.moved, moved[row]) << "row " << row;
        EXPECT_EQ(o.employed + o.housed + o.returned + o.censored, o.moved) << "row " << row;
        total += o;
      }
      EXPECT_GT(total.observed(), 0);
      EXPECT_GT(total.censored, 0);  // a three-year run with moves in its last year
    }
  }
}
