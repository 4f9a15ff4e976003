#pragma once
// The EMILE results file: an ensemble written to HDF5 in the layout documented in docs/output-format.md,
// and read back for `emile info`.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/sim/results_file.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// Version of the results layout, bumped once for each change of what a results file holds (what changed
/// is listed in docs/output-format.md). Readers accept this version and the previous one.
inline constexpr std::int64_t results_schema_version = 2;
inline constexpr std::int64_t oldest_readable_schema_version = results_schema_version - 1;

/// Writes the ensemble to `path` atomically: a temporary beside it, renamed on success, so the path holds
/// either the complete file or what it held before. `invocation` is what produced it (see write_provenance).
/// Throws sim::ResultsFileError on failure. When `cancel` is set and has become true by the time the file is
/// complete, nothing is renamed and Cancelled is thrown.
void write_results(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& result,
                   const std::atomic<bool>* cancel = nullptr);

/// Renames the file `out` has built into place, unless `cancel` is set and has become true: then nothing is
/// renamed, the temporary is removed (by the writer's destructor) and Cancelled is thrown. Every emile file is
/// committed this way, so an interruption noticed before the rename leaves the output path as it was.
void commit_unless_cancelled(sim::ResultsWriter& out, const std::atomic<bool>* cancel);

/// Writes the provenance every emile file carries as root attributes: schema_version, emile_version, analysis
/// (`run`, `compare`, `sweep`, …), invocation (the command line, `emile run scenarios/pilot-2019.toml -r 20`,
/// or the Python call that produced the file), scenario, seed, replications, start_date, step_days,
/// created_utc. `scenario` is the one simulated (for a capacity analysis, its steady state): its start date is
/// recorded.
void write_provenance(sim::ResultsWriter& out, const Scenario& scenario, std::uint64_t seed, std::int64_t replications,
                      std::string_view analysis, std::string_view invocation);

/// What `emile info` prints about a results file.
struct ResultsInfo {
  std::string scenario;
  std::string emile_version;
  std::int64_t schema_version = 0;
  std::int64_t seed = 0;
  std::int64_t replications = 0;
  std::string start_date;
  std::int64_t step_days = 0;
  std::string created_utc;
  std::vector<std::string> dates;
  std::vector<std::string> territories;
  std::vector<std::string> summary_names;  ///< headline outcome columns
  std::vector<double> summary_means;       ///< their means over replications
};

/// Reads a results file's provenance and headline outcomes. Throws sim::ResultsFileError naming the file and
/// the object when it is not a complete results file of `emile run` (see check_results_layout).
ResultsInfo read_results_info(const std::filesystem::path& path);

/// Checks that `in` holds a complete results file of `emile run` in the layout of docs/output-format.md: the
/// root attributes with their types, /scenario, every table with its documented columns (1-D, of equal
/// lengths), /timeseries/dates and every metric as an integer (replications, steps, territories) array, its
/// /ensemble statistics as floating-point (steps, territories) arrays, and one /summary row per replication.
/// Throws sim::ResultsFileError naming the file and the first object missing or malformed; a file of a newer
/// schema, or one written by an analysis (`compare`, `sweep`…), is refused saying so.
void check_results_layout(sim::ResultsReader& in);

}  // namespace emile::models
