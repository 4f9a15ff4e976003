// The cost of one simulated week, and of the housing market's step alone.
//
// BM_SimulationStep: the pilot scenario with every territory's housing and labour figures scaled by the
// argument (1, 2, 4), on a single-threaded executor. Time per step() call; counters give the stock size and
// the memory held per dwelling, per employer (with its vacancies) and per household (with its event log).
// BM_SimulationStep_FixedEvents: the same stocks, with turnover, local demand and hiring rates divided by the
// scale, so that every scale sees about as many market events per week as the pilot: the cost of a week
// against the size of the stock alone.
//
// BM_DwellingStockStep: one synthetic territory of 100k, 1M or 10M dwellings. DwellingStock::step touches only
// the dwellings that change state, so its time should follow the turnover events (which grow with the stock
// at fixed rates), not the stock itself. BM_DwellingStockStep_FixedEvents scales the rates down in proportion
// to size so that every size sees as many events per step as the 100k stock: its time should stay flat.
#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/sim/executor.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

namespace {

namespace models = emile::models;
namespace sim = emile::sim;

std::filesystem::path source_dir() {
  if (const char* dir = std::getenv("EMILE_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path();
}

models::Scenario scaled_pilot(std::int64_t factor, bool fixed_events) {
  models::Scenario scenario = models::load_scenario(source_dir() / "scenarios" / "pilot-2019.toml");
  for (auto& t : scenario.territories) {
    t.main_residences *= factor;
    t.vacant_dwellings *= factor;
    t.jobs *= factor;
    t.active *= factor;
    t.unemployed *= factor;
  }
  if (fixed_events) {
    const double scale = 1.0 / static_cast<double>(factor);
    scenario.housing.social_turnover_per_year *= scale;
    scenario.housing.private_turnover_per_year *= scale;
    scenario.labour.hires_per_job_per_year *= scale;
  }
  return scenario;
}

// ---- One simulated week -------------------------------------------------------------------------------------

constexpr sim::Step warm_up_steps = 4;

// A scaled pilot with its geography and a running simulation. Building it costs seconds at factor 4, and
// Google Benchmark calls a benchmark function several times while it settles the iteration count, so the
// world is kept between calls (one factor at a time) and its simulation continues where it stopped.
struct PilotWorld {
  PilotWorld(std::int64_t factor, bool fixed_events)
      : scenario(scaled_pilot(factor, fixed_events)),
        executor(1),
        geography(std::make_shared<const models::Geography>(models::build_geography(scenario, executor))) {
    restart();
  }

  // A fresh replication, advanced past the warm-up.
  void restart() {
    simulation.reset();  // release the old stock before the new one is built
    simulation = std::make_unique<models::Simulation>(scenario, geography, static_cast<std::uint64_t>(scenario.run.seed),
                                                      0, executor);
    for (sim::Step s = 0; s < warm_up_steps && !simulation->done(); ++s) simulation->step();
  }

  models::Scenario scenario;
  sim::Executor executor;
  std::shared_ptr<const models::Geography> geography;
  std::unique_ptr<models::Simulation> simulation;
};

PilotWorld& pilot_world(std::int64_t factor, bool fixed_events) {
  static std::pair<std::int64_t, bool> built{0, false};
  static std::unique_ptr<PilotWorld> world;
  if (!world || built != std::pair{factor, fixed_events}) {
    world.reset();
    world = std::make_unique<PilotWorld>(factor, fixed_events);
    built = {factor, fixed_events};
  }
  return *world;
}

void run_simulation_steps(benchmark::State& state, bool fixed_events) {
  PilotWorld& world = pilot_world(state.range(0), fixed_events);
  for (auto _ : state) {
    if (world.simulation->done()) {
      state.PauseTiming();
      world.restart();
      state.ResumeTiming();
    }
    world.simulation->step();
  }

  const models::Simulation& simulation = *world.simulation;
  std::size_t dwellings = 0, stock_bytes = 0, employers = 0, labour_bytes = 0;
  for (std::size_t t = 0; t < simulation.scenario().territories.size(); ++t) {
    dwellings += simulation.housing(t).size();
    stock_bytes += simulation.housing(t).bytes();
    employers += simulation.labour(t).employers();
    labour_bytes += simulation.labour(t).bytes();
  }
  const auto households = static_cast<double>(simulation.households().size());
  state.counters["dwellings"] = static_cast<double>(dwellings);
  state.counters["bytes/dwelling"] = static_cast<double>(stock_bytes) / static_cast<double>(dwellings);
  state.counters["bytes/employer"] = static_cast<double>(labour_bytes) / static_cast<double>(employers);
  state.counters["bytes/household"] = static_cast<double>(simulation.bytes() - stock_bytes - labour_bytes) / households;
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_SimulationStep(benchmark::State& state) { run_simulation_steps(state, false); }
void BM_SimulationStep_FixedEvents(benchmark::State& state) { run_simulation_steps(state, true); }
BENCHMARK(BM_SimulationStep)->ArgName("scale")->Arg(1)->Arg(2)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulationStep_FixedEvents)->ArgName("scale")->Arg(1)->Arg(2)->Arg(4)->Unit(benchmark::kMillisecond);

// ---- The housing market alone -------------------------------------------------------------------------------

constexpr std::int64_t reference_dwellings = 100'000;
constexpr std::size_t synthetic_communes = 300;
constexpr sim::Step stock_warm_up_steps = 3;

models::TerritorySettings synthetic_territory(std::int64_t dwellings) {
  models::TerritorySettings territory;
  territory.code = "99";
  territory.name = "Synthetic";
  territory.communes = static_cast<std::int64_t>(synthetic_communes);
  territory.social_share = 0.15;
  territory.frictional_vacancy_rate = 0.06;
  territory.vacant_dwellings = std::llround(0.08 * static_cast<double>(dwellings));
  territory.main_residences = dwellings - territory.vacant_dwellings;
  territory.reserved_dwellings = 10;
  return territory;
}

constexpr double step_years = 7.0 / 365.25;

// The declared housing settings; with `fixed_events`, turnover scaled so that a step moves as many dwellings as
// it does in the reference stock (local demand, derived from turnover, follows).
models::HousingSettings bench_housing(std::int64_t dwellings, bool fixed_events) {
  models::HousingSettings housing = models::scenario_schema().defaults().housing;
  if (fixed_events) {
    const double scale = static_cast<double>(reference_dwellings) / static_cast<double>(dwellings);
    housing.social_turnover_per_year *= scale;
    housing.private_turnover_per_year *= scale;
  }
  return housing;
}

// Pristine stocks, built once per size and kind (10M dwellings take about a second); each benchmark run steps a copy.
const models::DwellingStock& pristine_stock(std::int64_t dwellings, bool fixed_events) {
  static std::map<std::pair<std::int64_t, bool>, std::unique_ptr<const models::DwellingStock>> stocks;
  auto& stock = stocks[{dwellings, fixed_events}];
  if (!stock) {
    const std::vector<double> populations(synthetic_communes, 1.0);
    stock = std::make_unique<const models::DwellingStock>(synthetic_territory(dwellings), bench_housing(dwellings, fixed_events),
                                                          populations, populations, step_years, sim::StreamSeed{1, 0}, 1);
  }
  return *stock;
}

// Expected number of dwellings that change state in one step, from the stock as the step finds it.
double expected_events(const models::DwellingStock& stock, const models::HousingSettings& housing) {
  const auto expected = [&](models::DwellingState from, double rate) {
    return static_cast<double>(stock.count(from)) * -std::expm1(-rate * step_years);
  };
  return expected(models::DwellingState::occupied_social, housing.social_turnover_per_year) +
         expected(models::DwellingState::occupied_private, housing.private_turnover_per_year) +
         expected(models::DwellingState::vacant_social, stock.local_demand_per_year(true)) +
         expected(models::DwellingState::vacant_private, stock.local_demand_per_year(false));
}

void run_stock_steps(benchmark::State& state, bool fixed_events) {
  const std::int64_t dwellings = state.range(0);
  models::DwellingStock stock = pristine_stock(dwellings, fixed_events);
  const models::HousingSettings housing = bench_housing(dwellings, fixed_events);
  const models::TerritorySettings territory = synthetic_territory(dwellings);
  const sim::StreamSeed seed{1, 0};

  // The copy holds its class lists at exactly their size: the first dwellings to enter a class reallocate its
  // list (tens of megabytes at 10M dwellings). A few untimed steps give each growing list its slack, as the
  // stock built in a simulation has, so the timed steps show the cost of the events themselves.
  sim::Step step = 0;
  for (; step < stock_warm_up_steps; ++step) stock.step(territory, housing, step_years, step, seed);

  double events = 0;
  for (auto _ : state) {
    events += expected_events(stock, housing);  // O(1): four class sizes
    stock.step(territory, housing, step_years, step++, seed);
  }
  benchmark::DoNotOptimize(stock.vacant());

  state.counters["dwellings"] = static_cast<double>(stock.size());
  state.counters["events/step"] = events / static_cast<double>(state.iterations());
  state.counters["time/event"] = benchmark::Counter(events, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes/dwelling"] = static_cast<double>(stock.bytes()) / static_cast<double>(stock.size());
}

void BM_DwellingStockStep(benchmark::State& state) { run_stock_steps(state, false); }
void BM_DwellingStockStep_FixedEvents(benchmark::State& state) { run_stock_steps(state, true); }

BENCHMARK(BM_DwellingStockStep)->ArgName("dwellings")->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DwellingStockStep)->ArgName("dwellings")->Arg(10'000'000)->Iterations(20)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DwellingStockStep_FixedEvents)
    ->ArgName("dwellings")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(2'000'000)
    ->Arg(4'000'000)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DwellingStockStep_FixedEvents)
    ->ArgName("dwellings")
    ->Arg(10'000'000)
    ->Iterations(20)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
