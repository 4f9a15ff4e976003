// Writing a results file: models::write_results for an ensemble of the pilot scenario with 1 and 8
// replications. The ensemble is run once, before timing; each iteration writes the whole file (HDF5, written
// to a temporary beside the target and renamed) into the system's temporary folder.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/scenario/scenario.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

namespace models = emile::models;

std::filesystem::path source_dir() {
  if (const char* dir = std::getenv("EMILE_SOURCE_DIR"); dir && *dir) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path();
}

// The pilot's ensemble for `replications`. Google Benchmark calls a benchmark function several times while it
// settles the iteration count, so the last ensemble is kept rather than run again.
const models::EnsembleResult& pilot_ensemble(std::int64_t replications) {
  static std::int64_t built_replications = 0;
  static std::unique_ptr<const models::EnsembleResult> ensemble;
  if (!ensemble || built_replications != replications) {
    ensemble.reset();
    const models::Scenario scenario = models::load_scenario(source_dir() / "scenarios" / "pilot-2019.toml");
    models::RunOptions options;
    options.seed = static_cast<std::uint64_t>(scenario.run.seed);
    options.replications = replications;
    ensemble = std::make_unique<const models::EnsembleResult>(models::run_ensemble(scenario, options));
    built_replications = replications;
  }
  return *ensemble;
}

void BM_WriteResults(benchmark::State& state) {
  const models::EnsembleResult& ensemble = pilot_ensemble(state.range(0));
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("emile-bench-results-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".h5");

  for (auto _ : state) models::write_results(path, "emile_bench", ensemble);

  const auto bytes = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::remove(path);
  state.counters["bytes"] = bytes;
  state.counters["MB/s"] =
      benchmark::Counter(bytes * static_cast<double>(state.iterations()) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WriteResults)->ArgName("replications")->Arg(1)->Arg(8)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
