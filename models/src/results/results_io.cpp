#include "emile/models/results/results_io.hpp"

#include "emile/models/results/run_file_writer.hpp"

#include <chrono>
#include <ctime>

namespace emile::models {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

}  // namespace

void write_provenance(sim::ResultsWriter& out, const Scenario& scenario, std::uint64_t seed, std::int64_t replications,
                      std::string_view analysis, std::string_view invocation, const std::filesystem::path& posterior) {
  out.set_attribute("/", "schema_version", results_schema_version);
  out.set_attribute("/", "emile_version", std::string_view(EMILE_VERSION));
  out.set_attribute("/", "analysis", analysis);
  out.set_attribute("/", "invocation", invocation);
  out.set_attribute("/", "scenario", std::string_view(scenario.run.name));
  out.set_attribute("/", "seed", static_cast<std::int64_t>(seed));
  out.set_attribute("/", "replications", replications);
  out.set_attribute("/", "start_date", std::string_view(scenario.run.start_date.iso()));
  out.set_attribute("/", "end_date", std::string_view(scenario.run.end_date.iso()));
  out.set_attribute("/", "step_days", scenario.run.step_days);
  out.set_attribute("/", "created_utc", std::string_view(utc_now()));
  out.set_attribute("/", "posterior", posterior.string());
}

void commit_unless_cancelled(sim::ResultsWriter& out, const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw Cancelled();
  out.commit();
}

void write_results(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& result,
                   const std::atomic<bool>* cancel, RecordLevel level) {
  RunFileWriter out(path, std::string(invocation), level);
  out.begin(result, result.runs.size());
  for (const RunRecord& run : result.runs) out.add(run);
  out.commit(cancel);
}

}  // namespace emile::models
