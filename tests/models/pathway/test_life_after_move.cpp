// Life after the move, as the simulation schedules it: the event-timing law and the tie rule.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/pathway/timeline.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace {

using namespace emile;
using models::Stage;

models::EnsembleResult run_pilot(std::vector<sim::Override> overrides, std::uint64_t seed, int replications) {
  const auto scenario =
      models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides);
  return models::run_ensemble(scenario, {.seed = seed, .replications = replications, .threads = 2});
}

// The step each household moved in, by household, in one run.
std::map<std::uint32_t, sim::Step> move_steps(const models::RunRecord& run) {
  std::map<std::uint32_t, sim::Step> moves;
  for (const auto& t : run.transitions) {
    if (t.to == Stage::moved) moves[t.household] = t.step;
  }
  return moves;
}

}  // namespace

// Permanent jobs, no return, no follow-up end within the run (and no follow-up factor on job loss): job loss is
// the only clock after the move, a constant hazard r. The steps from a job's start to its loss must follow the geometric law of the per-step
// probability p = 1 − e^(−rΔ): P(k) = (1 − p)^(k−1) p. Spells are kept when their first `bins` steps all fall
// within the run (the rest are censored), and binned 1 … bins and "later". Pearson's statistic is compared with
// the chi-square law's 0.999 quantile (a fixed seed: the test is deterministic; a wrong law, such as rounding a
// time to the nearest step, is rejected by far at this sample size).
TEST(LifeAfterMove, schedules_a_constant_hazard_by_the_per_step_law) {
  constexpr double rate_per_year = 10;
  const auto result = run_pilot({{"labour.contract_weights", "[1.0, 0.0, 0.0, 0.0]"},
                                 {"pathway.follow_up_weeks", "520.0"},
                                 {"after_move.return_per_year", "0.0"},
                                 {"after_move.job_loss_per_year", std::to_string(rate_per_year)},
                                 {"after_move.follow_up_job_loss_factor", "1.0"}},
                                7, 40);
  const double step_years = 7 / sim::days_per_year;
  const double p = -std::expm1(-rate_per_year * step_years);
  constexpr int bins = 12;
  std::vector<double> observed(bins + 1, 0.0);  // [k − 1] for k = 1 … bins; [bins] for later
  double spells = 0;
  for (const auto& run : result.runs) {
    std::map<std::uint32_t, bool> first_seen;
    for (const auto& job : run.jobs) {
      if (first_seen[job.household]) continue;  // the first spell only: it starts at the move
      first_seen[job.household] = true;
      if (job.start + bins >= run.steps) continue;  // censored
      ASSERT_TRUE(job.end < 0 || job.reason == models::JobEnd::job_loss);
      const sim::Step k = job.end < 0 ? bins + 1 : job.end - job.start;
      ASSERT_GE(k, 1) << "a job lost in the step it started";
      observed[static_cast<std::size_t>(std::min<sim::Step>(k, bins + 1) - 1)] += 1;
      ++spells;
    }
  }
  ASSERT_GT(spells, 500);
  double statistic = 0;
  for (int k = 1; k <= bins + 1; ++k) {
    const double probability = k <= bins ? std::pow(1 - p, k - 1) * p : std::pow(1 - p, bins);
    const double expected = spells * probability;
    statistic += (observed[k - 1] - expected) * (observed[k - 1] - expected) / expected;
  }
  const double critical = boost::math::quantile(boost::math::chi_squared(bins), 0.999);
  EXPECT_LT(statistic, critical) << spells << " spells";
}

// A fixed-term contract as long as the follow-up ends at exactly the same time as it: the tie rule makes each
// come first with probability ½. With no other clock running, the household leaves `moved` for `settled` when the
// follow-up comes first (its job ends just after) and for `housed` when the contract does. Over n ties the
// settled count is binomial (n, ½): it must lie within 4 standard deviations, √n / 2 each, of n / 2.
TEST(LifeAfterMove, resolves_an_exact_tie_at_even_odds) {
  const auto result = run_pilot({{"labour.contract_weights", "[0.0, 1.0, 0.0, 0.0]"},
                                 {"labour.fixed_term_weeks", "26.0"},
                                 {"pathway.follow_up_weeks", "26.0"},
                                 {"after_move.return_per_year", "0.0"},
                                 {"after_move.job_loss_per_year", "0.0"},
                                 {"after_move.searches_per_year", "0.0"}},
                                5, 40);
  double ties = 0, settled = 0;
  for (const auto& run : result.runs) {
    const auto moves = move_steps(run);
    for (const auto& t : run.transitions) {
      if (t.from != Stage::moved) continue;
      ASSERT_EQ(t.step, moves.at(t.household) + 26) << "follow-up did not end with the contract";
      ASSERT_TRUE(t.to == Stage::settled || t.to == Stage::housed) << name(t.to);
      ++ties;
      settled += t.to == Stage::settled;
    }
  }
  ASSERT_GT(ties, 300);
  EXPECT_NEAR(settled, ties / 2, 4 * std::sqrt(ties) / 2) << ties << " ties";
}

// Households live on after follow-up: over two replications of expansion-2021 (three years), some housed
// household finds a job (→ settled), some settled one loses it (→ housed), and some of each returns.
TEST(LifeAfterMove, settled_and_housed_turn_into_each_other_and_both_may_return) {
  const auto scenario = models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/expansion-2021.toml");
  const auto result = models::run_ensemble(scenario, {.seed = 2, .replications = 2, .threads = 2});
  std::map<std::pair<Stage, Stage>, int> changes;
  for (const auto& run : result.runs) {
    for (const auto& t : run.transitions) ++changes[{t.from, t.to}];
  }
  for (const auto& [from, to] : {std::pair{Stage::moved, Stage::settled}, std::pair{Stage::moved, Stage::housed},
                                 std::pair{Stage::housed, Stage::settled}, std::pair{Stage::settled, Stage::housed},
                                 std::pair{Stage::settled, Stage::returned}, std::pair{Stage::housed, Stage::returned}}) {
    EXPECT_GT((changes[{from, to}]), 0) << name(from) << " -> " << name(to);
  }
}

// The length of a fixed-term contract acts after the move: at 26 weeks (the default) many fixed-term jobs end with
// the follow-up or after it; at 520 weeks none ends within the run. Over 10 paired replications of expansion-2021
// (common random numbers, seed 1) the households employed at the end of follow-up and those settled at the end of
// the run must both rise by more than 3 standard errors of the paired differences.
TEST(LifeAfterMove, the_fixed_term_length_moves_the_settled_and_housed_shares) {
  const auto path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/expansion-2021.toml";
  const models::RunOptions options{.seed = 1, .replications = 10, .threads = 2};
  const auto base = models::run_ensemble(models::load_scenario(path), options);
  const auto longer = models::run_ensemble(models::load_scenario(path, {{"labour.fixed_term_weeks", "520.0"}}), options);
  const auto paired = [&](auto&& outcome) {
    std::vector<double> differences;
    for (std::size_t r = 0; r < base.runs.size(); ++r) differences.push_back(outcome(longer.runs[r]) - outcome(base.runs[r]));
    return differences;
  };
  const auto employed_at_follow_up_end = [](const models::RunRecord& run) {
    return static_cast<double>(std::count_if(run.transitions.begin(), run.transitions.end(), [](const models::Transition& t) {
      return t.from == Stage::moved && t.to == Stage::settled;
    }));
  };
  const auto settled_at_the_end = [](const models::RunRecord& run) {
    return static_cast<double>(std::count_if(run.households.begin(), run.households.end(),
                                             [](const models::HouseholdRecord& h) { return h.final_stage == Stage::settled; }));
  };
  for (const auto& differences : {paired(employed_at_follow_up_end), paired(settled_at_the_end)}) {
    const double n = static_cast<double>(differences.size());
    double mean = 0, square = 0;
    for (double d : differences) mean += d / n;
    for (double d : differences) square += (d - mean) * (d - mean) / (n - 1);
    const double standard_error = std::sqrt(square / n);
    EXPECT_GT(mean, 3 * standard_error) << "mean difference " << mean << ", standard error " << standard_error;
  }
}

// Jobs after the first come only from searches of the local labour market: without searches (or when a search
// finds nothing), nobody holds a second job; with them, some household does.
TEST(LifeAfterMove, finds_later_jobs_only_through_local_searches) {
  const auto second_jobs = [](const models::EnsembleResult& result) {
    int count = 0;
    for (const auto& run : result.runs) {
      std::map<std::uint32_t, int> spells;
      for (const auto& job : run.jobs) count += ++spells[job.household] > 1;
    }
    return count;
  };
  EXPECT_EQ(second_jobs(run_pilot({{"after_move.searches_per_year", "0.0"}}, 3, 4)), 0);
  EXPECT_EQ(second_jobs(run_pilot({{"after_move.search_share", "0.0"}}, 3, 4)), 0);
  EXPECT_GT(second_jobs(run_pilot({}, 3, 4)), 0);
}

// Returns depend on isolation: with the hazard raised by half per hour of travel to Paris (against none), more
// households return, beyond 3 standard errors of the paired differences over 10 replications of expansion-2021
// (common random numbers, seed 1).
TEST(LifeAfterMove, isolation_raises_returns) {
  const auto path = std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/expansion-2021.toml";
  const models::RunOptions options{.seed = 1, .replications = 10, .threads = 2};
  const auto near = models::run_ensemble(models::load_scenario(path, {{"after_move.return_isolation_per_hour", "0.0"}}), options);
  const auto far = models::run_ensemble(models::load_scenario(path, {{"after_move.return_isolation_per_hour", "0.5"}}), options);
  const auto returns = [](const models::RunRecord& run) {
    return static_cast<double>(std::count_if(run.transitions.begin(), run.transitions.end(),
                                             [](const models::Transition& t) { return t.to == Stage::returned; }));
  };
  std::vector<double> differences;
  for (std::size_t r = 0; r < near.runs.size(); ++r) differences.push_back(returns(far.runs[r]) - returns(near.runs[r]));
  const double n = static_cast<double>(differences.size());
  double mean = 0, square = 0;
  for (double d : differences) mean += d / n;
  for (double d : differences) square += (d - mean) * (d - mean) / (n - 1);
  EXPECT_GT(mean, 3 * std::sqrt(square / n)) << "mean difference " << mean;
}
