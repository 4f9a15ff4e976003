// Replications: the pilot's replications per second in an ensemble of 100 on one thread, its world drawn once
// and shared (run.world = "shared", the default) or drawn for each replication ("per_replication"), run to the
// end or stopped after 26 July 2019 (RunOptions::stop_after, the date of the public record calibration fits).
// The commune graphs are built once, before timing, as an ensemble builds them; a shared world is drawn in each
// iteration, once for its 100 replications.
#include "emile/models/agents/geography.hpp"
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

namespace models = emile::models;
namespace sim = emile::sim;

constexpr std::int64_t replications = 100;

std::filesystem::path source_dir() {
  if (const char* dir = std::getenv("EMILE_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path();
}

void run_replications(benchmark::State& state, const char* world, bool stop_early) {
  const auto scenario = models::load_scenario(source_dir() / "scenarios" / "pilot-2019.toml",
                                              {{"run.world", std::string("\"") + world + "\""}});
  const auto geography =
      std::make_shared<const models::Geography>(models::build_geography(scenario, sim::Executor::single_thread()));
  models::RunOptions options;
  options.replications = replications;
  options.threads = 1;
  if (stop_early) options.stop_after = sim::Date::parse("2019-07-26");
  for (auto _ : state) benchmark::DoNotOptimize(models::run_ensemble(scenario, options, geography));
  state.counters["replications/s"] =
      benchmark::Counter(static_cast<double>(replications), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK_CAPTURE(run_replications, shared_whole_run, "shared", false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(run_replications, per_replication_whole_run, "per_replication", false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(run_replications, shared_to_26_july_2019, "shared", true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(run_replications, per_replication_to_26_july_2019, "per_replication", true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
