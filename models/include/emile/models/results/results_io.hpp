#pragma once
// Writing results files: the provenance every emile file carries, the all-or-nothing commit, and the file of
// `emile run` (an ensemble, in the layout of docs/output-format.md; its tables are declared in tables.hpp).
// Reading any of them back: file_kinds.hpp.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/results/record_level.hpp"
#include "emile/sim/results_file.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// Version of the results layout, bumped once for each change of what a results file holds (what changed
/// is listed in docs/output-format.md; tables and columns say `since` which version they are there). Readers
/// accept every version from the oldest readable one.
inline constexpr std::int64_t results_schema_version = 12;
inline constexpr std::int64_t oldest_readable_schema_version = 1;

/// Writes an ensemble held in memory to `path` atomically, at record level `level`: a temporary beside it, renamed
/// on success, so the path holds either the complete file or what it held before. `invocation` is what produced
/// it (see write_provenance). The same file as a RunFileWriter given the records as the run goes
/// (run_file_writer.hpp). Throws sim::ResultsFileError on failure. When `cancel` is set and has become true by
/// the time the file is complete, nothing is renamed and Cancelled is thrown.
void write_results(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& result,
                   const std::atomic<bool>* cancel = nullptr, RecordLevel level = RecordLevel::full);

/// Renames the file `out` has built into place, unless `cancel` is set and has become true: then nothing is
/// renamed, the temporary is removed (by the writer's destructor) and Cancelled is thrown. Every emile file is
/// committed this way, so an interruption noticed before the rename leaves the output path as it was.
void commit_unless_cancelled(sim::ResultsWriter& out, const std::atomic<bool>* cancel);

/// Writes the provenance every emile file carries as root attributes: schema_version, emile_version, analysis
/// (`run`, `compare`, `sweep`, …), invocation (the command line, `emile run scenarios/pilot-2019.toml -r 20`,
/// or the Python call that produced the file), scenario, seed, replications, start_date, step_days,
/// created_utc, posterior (the calibration file the replications drew their parameters from; empty when none).
/// `scenario` is the one simulated (for a capacity analysis, its steady state): its start date is recorded.
void write_provenance(sim::ResultsWriter& out, const Scenario& scenario, std::uint64_t seed, std::int64_t replications,
                      std::string_view analysis, std::string_view invocation, const std::filesystem::path& posterior = {});

}  // namespace emile::models
