// The commune graph: building it (links, then car, walk/bike and public-transport times) for synthetic
// départements of 150, 350 and 700 communes, with every pair's times (reach:0, an unlimited reach) or only those
// within a scenario's default commutes (reach:1: 45 minutes by car, 15 on foot or by bicycle, 60 by public
// transport), and answering reachable() queries.
//
// CommuneGraph computes its distances and per-source shortest paths on the executor it is given, here one of
// `threads` threads. The CPU column is the process's CPU time (every thread) and the Time column the elapsed
// time, so their ratio shows how many cores the construction kept busy.
#include "emile/models/foundations/commune_graph.hpp"
#include "emile/models/foundations/commune_synthesis.hpp"
#include "emile/sim/executor.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

namespace models = emile::models;
namespace sim = emile::sim;

// A département of `communes` communes with a typical rural density (about 1,800 inhabitants per commune,
// 5,500 km²) in central France.
std::vector<models::Commune> synthetic_department(std::int64_t communes) {
  models::DepartmentGeography figures;
  figures.code = "99";
  figures.communes = static_cast<int>(communes);
  figures.population = 1'800 * communes;
  figures.area_km2 = 5'500;
  figures.centre_latitude = 46.5;
  figures.centre_longitude = 2.5;
  return models::synthesise_communes(figures, sim::StreamSeed{0, 0});
}

void BM_CommuneGraphBuild(benchmark::State& state) {
  const std::vector<models::Commune> communes = synthetic_department(state.range(0));
  const sim::Executor executor(static_cast<int>(state.range(1)));
  const models::CommuteLimits reach = state.range(2) ? models::CommuteLimits{45, 15, 60} : models::unlimited_reach;

  std::size_t links = 0;
  for (auto _ : state) {
    const models::CommuneGraph graph(communes, {}, reach, executor);
    links = graph.road_links();
  }
  const models::CommuneGraph graph(communes, {}, reach, executor);
  std::size_t within_reach = 0;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    for (std::size_t j = 0; j < graph.size(); ++j) within_reach += std::isfinite(graph.car_minutes(i, j));
  }
  state.counters["road_links"] = static_cast<double>(links);
  state.counters["pairs"] = static_cast<double>(communes.size() * communes.size());
  state.counters["pairs_within_reach"] = static_cast<double>(within_reach);
}
BENCHMARK(BM_CommuneGraphBuild)
    ->ArgNames({"communes", "threads", "reach"})
    ->ArgsProduct({{150, 350, 700}, {1, 2}, {0, 1}})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// reachable() for random (home, work) pairs, alternating car and no-car households, with the default limits.
void BM_Reachable(benchmark::State& state) {
  const models::CommuneGraph graph(synthetic_department(state.range(0)));
  const auto n = static_cast<std::uint32_t>(graph.size());

  // A fixed batch of pairs (a linear congruential sequence), so the loop times only the queries.
  constexpr std::size_t batch = 4096;
  std::vector<std::uint32_t> homes(batch), works(batch);
  std::uint64_t x = 0x454D494C45u;
  for (std::size_t i = 0; i < batch; ++i) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    homes[i] = static_cast<std::uint32_t>((x >> 33) % n);
    x = x * 6364136223846793005u + 1442695040888963407u;
    works[i] = static_cast<std::uint32_t>((x >> 33) % n);
  }

  const models::CommuteLimits limits;
  std::size_t reachable = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < batch; ++i) {
      const auto mode = (i & 1) ? models::CommuteMode::no_car : models::CommuteMode::car;
      reachable += graph.reachable(homes[i], works[i], mode, limits);
    }
    benchmark::DoNotOptimize(reachable);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
  state.counters["reachable_share"] =
      static_cast<double>(reachable) / (static_cast<double>(state.iterations()) * static_cast<double>(batch));
}
BENCHMARK(BM_Reachable)->ArgName("communes")->Arg(150)->Arg(350)->Arg(700)->Unit(benchmark::kMicrosecond);

}  // namespace
