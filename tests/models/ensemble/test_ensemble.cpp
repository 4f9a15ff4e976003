// Ensembles (ensemble.cpp): the world the replications start from (run.world), and runs stopped early.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/models/recording/recorder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>
#include <vector>

namespace {

using namespace emile;

constexpr std::uint64_t seed = 5;

models::Scenario pilot(std::vector<sim::Override> overrides = {}) {
  return models::load_scenario(std::filesystem::path(EMILE_SOURCE_DIR) / "scenarios/pilot-2019.toml", overrides);
}

models::EnsembleResult run(const models::Scenario& scenario, std::int64_t replications, int threads,
                           std::optional<sim::Date> stop_after = std::nullopt) {
  models::RunOptions options;
  options.seed = seed;
  options.replications = replications;
  options.threads = threads;
  options.stop_after = stop_after;
  return models::run_ensemble(scenario, options);
}

// The stage changes of a record, comparable as a whole.
std::vector<std::tuple<sim::Step, std::uint32_t, models::Stage, models::Stage, std::int16_t, sim::Step>> changes(
    const models::RunRecord& record) {
  std::vector<std::tuple<sim::Step, std::uint32_t, models::Stage, models::Stage, std::int16_t, sim::Step>> out;
  for (const auto& t : record.transitions) out.emplace_back(t.step, t.household, t.from, t.to, t.territory_row, t.queued_step);
  return out;
}

// The dwellings of every territory, as a simulation starts: attributes and state.
std::vector<std::tuple<std::uint16_t, std::uint16_t, std::uint8_t, bool, models::DwellingState>> stock_at_start(
    const models::Simulation& simulation) {
  std::vector<std::tuple<std::uint16_t, std::uint16_t, std::uint8_t, bool, models::DwellingState>> out;
  for (std::size_t t = 0; t < simulation.scenario().territories.size(); ++t) {
    const auto& stock = simulation.housing(t);
    for (std::uint32_t id = 0; id < stock.size(); ++id) {
      const auto& d = stock.dwelling(id);
      out.emplace_back(d.commune, d.rent_eur, d.rooms, d.social, stock.state(id));
    }
  }
  return out;
}

TEST(Ensemble, replications_of_a_shared_world_start_from_the_same_stock_and_others_from_their_own) {
  for (const char* world : {"shared", "per_replication"}) {
    auto scenario = pilot({{"run.world", std::string("\"") + world + "\""}});
    scenario.territories.resize(2);
    const sim::Executor executor(1);
    auto geography = std::make_shared<const models::Geography>(models::build_geography(scenario, executor));
    const models::Simulation first(scenario, geography, seed, 0, executor), second(scenario, geography, seed, 1, executor);
    EXPECT_EQ(stock_at_start(first) == stock_at_start(second), std::string(world) == "shared") << world;
    EXPECT_NE(first.households()[0].profile.motivation, second.households()[0].profile.motivation)
        << world << ": the households are each replication's own";
  }
}

TEST(Ensemble, a_replication_is_the_same_run_alone_as_inside_an_ensemble) {
  for (const char* world : {"shared", "per_replication"}) {
    const auto scenario = pilot({{"run.world", std::string("\"") + world + "\""}});
    const auto ensemble = run(scenario, 3, 2);
    const sim::Executor executor(1);
    models::Simulation alone(scenario, ensemble.geography, seed, 2, executor);
    models::Recorder recorder(alone);
    while (!alone.done()) {
      alone.step();
      recorder.observe(alone);
    }
    const auto record = recorder.finish(alone);
    EXPECT_EQ(record.values, ensemble.runs[2].values) << world;
    EXPECT_EQ(changes(record), changes(ensemble.runs[2])) << world;
  }
}

TEST(Ensemble, stops_after_a_date_with_the_whole_runs_calendar_events_and_joins) {
  // Stopped early, the run is the first weeks of the whole run: same steps, same draws, same stage changes.
  const auto scenario = pilot();
  const auto stop = sim::Date::parse("2019-07-26");
  const auto whole = run(scenario, 2, 2), early = run(scenario, 2, 2, stop);
  const sim::Clock clock(scenario.run.start_date, static_cast<int>(scenario.run.step_days));
  const sim::Step steps = clock.step_of(stop) + 1;
  ASSERT_EQ(early.dates.size(), static_cast<std::size_t>(steps));
  EXPECT_EQ(early.dates.back(), whole.dates[static_cast<std::size_t>(steps - 1)]);
  for (std::size_t r = 0; r < 2; ++r) {
    const auto& a = early.runs[r];
    const auto& b = whole.runs[r];
    ASSERT_EQ(a.steps, steps);
    for (std::size_t m = 0; m < models::metric_names().size(); ++m) {
      for (sim::Step s = 0; s < steps; ++s) {
        for (std::size_t row = 0; row < a.rows; ++row) ASSERT_EQ(a.value(m, s, row), b.value(m, s, row));
      }
    }
    auto before = changes(b);
    std::erase_if(before, [&](const auto& c) { return std::get<0>(c) >= steps; });
    EXPECT_EQ(changes(a), before);
  }
  EXPECT_THROW(run(scenario, 1, 1, sim::Date::parse("2019-01-01")), std::invalid_argument);
  EXPECT_THROW(run(scenario, 1, 1, sim::Date::parse("2030-01-01")), std::invalid_argument);
}

}  // namespace
