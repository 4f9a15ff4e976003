#pragma once
// The file of `emile run`, written as the replications finish: each record goes into its slot of the results file
// (in replication order: a record that finishes early waits for the ones before it) — its headline outcomes, and
// what its record level keeps — and is then dropped, so memory holds the (compressed) file being built, not every
// replication's record. Every replication's time series also goes to an unnamed temporary file beside the output
// (sim::ReplicationSpool), from which the statistics over replications (/ensemble) are computed at the end, a
// block of cells at a time. At record level `summary` the writer's memory is thus flat in the number of
// replications. The file is committed as every emile file is: a temporary renamed into place, or nothing (see
// results_io.hpp).
//
//   RunFileWriter out(path, invocation, RecordLevel::full);
//   options.sink = &out;
//   run_ensemble(scenario, options);
//   out.commit(&interrupted);
//
// What the file holds at each record level: record_level.hpp; its layout: docs/output-format.md.
#include "emile/models/ensemble/ensemble.hpp"
#include "emile/models/results/record_level.hpp"
#include "emile/sim/replication_spool.hpp"
#include "emile/sim/results_file.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace emile::models {

class RunFileWriter final : public RecordSink {
 public:
  /// Creates the temporary beside `path` now, so that an unwritable output fails before the run. Throws
  /// sim::ResultsFileError.
  RunFileWriter(std::filesystem::path path, std::string invocation, RecordLevel level);

  /// Writes the provenance and what describes the run (scenario, territories, communes, dates). Once.
  void begin(const EnsembleResult& run, std::size_t replications) override;
  /// Takes a replication's record; writes it and every following one that has arrived. Thread-safe.
  void add(RunRecord record) override;

  /// Writes the statistics over replications and the headline outcomes, then renames the file into place
  /// unless `cancel` is set and true (then Cancelled). Throws std::logic_error when a replication is missing,
  /// sim::ResultsFileError when the file cannot be written.
  void commit(const std::atomic<bool>* cancel);

 private:
  void write(const RunRecord& record);  // the next record in replication order
  void write_ensemble_statistics();
  /// Runs `work` on the series spool; its failure (a full disk…) becomes a sim::ResultsFileError naming the output.
  template <class Work>
  void on_series(Work&& work);

  sim::ResultsWriter out_;
  std::string invocation_;
  RecordLevel level_;
  // What begin() was given.
  Scenario scenario_;
  bool parameter_uncertainty_ = false;  // the replications drew their parameters from a posterior
  std::vector<std::size_t> commune_offsets_;  // a territory's first row in /communes
  std::size_t replications_ = 0;
  std::size_t steps_ = 0;
  std::size_t rows_ = 0;
  std::optional<sim::ReplicationSpool> series_;  // every replication's time series, for /ensemble
  // Records that arrived before the ones ahead of them.
  std::mutex mutex_;
  std::map<std::uint32_t, RunRecord> waiting_;
  std::uint32_t next_ = 0;  // the replication to write next
  bool writing_ = false;    // a thread is writing records
};

}  // namespace emile::models
