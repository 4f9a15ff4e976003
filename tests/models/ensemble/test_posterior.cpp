// Ensembles drawing each replication's parameters from a posterior (posterior.hpp, RunOptions::posterior).
#include "emile/models/ensemble/posterior.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/analyses/capacity.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/run_file_writer.hpp"
#include "emile/sim/statistics.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace {

using namespace emile;

constexpr std::uint64_t seed = 5;

// The pilot's first weeks (enough to refer and enrol), for runs of a second or less.
models::Scenario pilot() {
  auto scenario = models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml");
  scenario.run.end_date = sim::Date::parse("2019-09-30");
  scenario.events.clear();
  return scenario;
}

models::Posterior posterior(std::vector<std::string> keys, std::vector<std::vector<double>> particles) {
  models::Posterior p;
  p.file = "posterior.h5";
  p.keys = std::move(keys);
  p.weights.assign(particles.size(), 1.0 / static_cast<double>(particles.size()));
  p.particles = std::move(particles);
  return p;
}

models::EnsembleResult run(const models::Scenario& scenario, std::int64_t replications, int threads,
                           const models::Posterior* drawn = nullptr) {
  models::RunOptions options;
  options.seed = seed;
  options.replications = replications;
  options.threads = threads;
  options.posterior = drawn;
  return models::run_ensemble(scenario, options);
}

std::vector<double> totals(const models::EnsembleResult& result, const std::string& metric) {
  std::vector<double> out;
  for (const auto& r : result.runs) out.push_back(r.total(models::metric_index(metric)));
  return out;
}

}  // namespace

TEST(Posterior, concentrated_on_one_point_it_equals_a_run_with_those_values) {
  const auto one = posterior({"origin.referrals_per_year", "origin.initial_referred"}, {{612.5, 20}});
  auto fixed = pilot();
  models::set_parameter(fixed, "origin.referrals_per_year", 612.5);
  models::set_parameter(fixed, "origin.initial_referred", 20);
  const auto drawn = run(pilot(), 3, 2, &one);
  const auto set = run(fixed, 3, 2);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(drawn.runs[r].values, set.runs[r].values) << "replication " << r;
  }
  EXPECT_NE(run(pilot(), 3, 2).runs[0].values, set.runs[0].values);
  EXPECT_EQ(drawn.posterior, "posterior.h5");
}

TEST(Posterior, replication_r_is_the_same_alone_and_in_an_ensemble_at_any_thread_count) {
  const auto spread = posterior({"origin.referrals_per_year"}, {{100}, {300}, {900}, {1500}});
  const auto one = run(pilot(), 4, 1, &spread);
  const auto two = run(pilot(), 4, 2, &spread);
  std::set<std::size_t> particles;
  for (std::size_t r = 0; r < 4; ++r) {
    EXPECT_EQ(one.runs[r].values, two.runs[r].values) << "replication " << r;
    // Alone: replication r built by hand with the particle it draws.
    const std::size_t particle = spread.particle_for(seed, r);
    particles.insert(particle);
    const auto scenario = spread.applied(pilot(), particle);
    const sim::Executor executor(1);
    auto geography = std::make_shared<const models::Geography>(models::build_geography(scenario, executor));
    models::Simulation simulation(scenario, geography, seed, static_cast<std::uint32_t>(r), executor);
    models::Recorder recorder(simulation);
    while (!simulation.done()) {
      simulation.step();
      recorder.observe(simulation);
    }
    EXPECT_EQ(recorder.finish(simulation).values, one.runs[r].values) << "replication " << r;
  }
  EXPECT_GT(particles.size(), 1u);  // the replications drew different particles
}

TEST(Posterior, bands_with_parameter_uncertainty_are_at_least_as_wide_as_without) {
  const auto spread = posterior({"origin.referrals_per_year"}, {{100}, {300}, {900}});
  const auto width = [](std::vector<double> values) { return sim::quantile(values, 0.95) - sim::quantile(values, 0.05); };
  const auto without = totals(run(pilot(), 20, 2), "referred_households");
  const auto with = totals(run(pilot(), 20, 2, &spread), "referred_households");
  EXPECT_GE(width(with), width(without));
  EXPECT_GT(width(with), 2 * width(without));  // three rates a factor 3 apart, against Poisson noise
}

TEST(Posterior, the_results_file_says_its_bands_hold_parameter_uncertainty) {
  const emile::testing::TempDir dir;
  const auto spread = posterior({"origin.referrals_per_year"}, {{100}, {900}});
  models::write_results(dir.path() / "with.h5", "test", run(pilot(), 2, 2, &spread));
  models::write_results(dir.path() / "without.h5", "test", run(pilot(), 2, 2));
  sim::ResultsReader with(dir.path() / "with.h5"), without(dir.path() / "without.h5");
  EXPECT_EQ(with.attribute_int("/ensemble", "parameter_uncertainty"), 1);
  EXPECT_EQ(with.attribute_string("/", "posterior"), "posterior.h5");
  EXPECT_EQ(without.attribute_int("/ensemble", "parameter_uncertainty"), 0);
  EXPECT_EQ(without.attribute_string("/", "posterior"), "");
  EXPECT_EQ(with.attribute_int("/", "schema_version"), models::results_schema_version);
}

TEST(Posterior, capacity_adds_one_unit_of_a_drawn_resource_on_top_of_its_drawn_value) {
  const auto one = posterior({"origin.referrals_per_year"}, {{450}});
  auto fixed = pilot();
  models::set_parameter(fixed, "origin.referrals_per_year", 450);
  models::RunOptions options;
  options.seed = seed;
  options.replications = 2;
  const models::CapacityOptions short_window{.warmup_weeks = 4, .window_weeks = 8};
  const auto set = models::analyse_capacity(fixed, options, short_window);
  options.posterior = &one;
  const auto drawn = models::analyse_capacity(pilot(), options, short_window);
  ASSERT_EQ(drawn.resources.size(), set.resources.size());
  for (std::size_t i = 0; i < set.resources.size(); ++i) {
    EXPECT_EQ(drawn.resources[i].gain_per_year.mean, set.resources[i].gain_per_year.mean) << set.resources[i].key;
  }
  EXPECT_EQ(drawn.relocations[0].per_year.mean, set.relocations[0].per_year.mean);
}

TEST(Posterior, an_analysis_may_not_vary_what_it_draws_and_runs_drawing_keep_no_checkpoint) {
  const auto one = posterior({"origin.caseworkers"}, {{7}});
  auto variant = pilot();
  variant.origins.front().caseworkers *= 2;
  EXPECT_THROW(one.require_untouched(pilot(), variant, "the variant"), sim::ScenarioError);
  EXPECT_NO_THROW(one.require_untouched(pilot(), pilot(), "the variant"));
  const auto unknown = posterior({"origin.caseworker"}, {{7}});
  EXPECT_THROW(unknown.applied(pilot(), 0), sim::ScenarioError);
  const auto graphs = posterior({"territory.15.communes"}, {{200}, {240}});
  EXPECT_THROW(run(pilot(), 2, 1, &graphs), sim::ScenarioError);

  const emile::testing::TempDir dir;
  models::RunOptions options;
  options.replications = 2;
  options.posterior = &one;
  options.checkpoints = models::plan_checkpoints(pilot(), dir.path() / "out.h5", {.every_weeks = 4});
  EXPECT_THROW(models::run_ensemble(pilot(), options), std::invalid_argument);
}
