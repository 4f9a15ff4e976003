#pragma once
// The kinds of results file — one per command that writes one (`run`, `compare`, `sweep`, `capacity`,
// `sensitivity`) — and the one reader of them all: what each kind holds (its texts, attributes and declared
// tables), the check that a file holds it, and what `emile info` and `emile.open` show of it. A new kind of file
// is a new entry of file_kinds().
#include "emile/models/results/record_level.hpp"
#include "emile/sim/results_file.hpp"
#include "emile/sim/table_schema.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace emile::models {

/// A root or group attribute a kind of file holds, besides the provenance every file holds.
struct AttributeSpec {
  enum class Type { integer, number, text };
  std::string object;  ///< "/" for the root
  std::string name;
  Type type;
  std::string meaning;
  std::int64_t since = 1;  ///< first schema version holding it
};

struct FileKind {
  std::string analysis;  ///< the root attribute `analysis`: "run", "compare", …
  std::string meaning;   ///< what such a file holds, one line
  std::vector<std::string> texts;                  ///< scalar TOML texts (scenarios)
  std::vector<AttributeSpec> attributes;           ///< beyond the provenance
  std::vector<const sim::TableSchema*> tables;     ///< its declared tables
  std::vector<const sim::TableSchema*> shown;      ///< the ones `emile info` prints in full
};

/// Every kind of results file, `run` first.
const std::vector<FileKind>& file_kinds();

/// The provenance every emile file carries as root attributes (see write_provenance).
const std::vector<AttributeSpec>& provenance_attributes();

/// Checks that `in` holds a complete results file of the kind its `analysis` attribute names (`run` when it has
/// none, as the first files), of a schema version this emile reads: the provenance and the kind's attributes
/// with their types, its texts, every declared table with its columns (1-D, of equal lengths, of the declared
/// types, under the names of the file's version), every string read once (damage is refused here), and for
/// `run` the time series and ensemble statistics with their shapes and one /summary row per replication.
/// Returns the kind. Throws sim::ResultsFileError naming the file and the first object missing or malformed, a
/// version this emile does not read (naming both), or an unknown kind.
const FileKind& check_results_layout(sim::ResultsReader& in);

/// What a file of `kind` and schema `version` records of every replication (its root attribute `record`; `full`
/// for every other kind and for run files before schema 6). Throws sim::ResultsFileError for an unknown level.
RecordLevel recorded_level(sim::ResultsReader& in, const FileKind& kind, std::int64_t version);

/// Whether a file of schema `version` recorded at `level` holds `table`.
bool holds(const sim::TableSchema& table, std::int64_t version, RecordLevel level);

/// What `emile info` prints about a results file of any kind.
struct ResultsInfo {
  const FileKind* kind = nullptr;
  std::string invocation;  ///< empty in a schema-1 file
  std::string scenario;
  std::string emile_version;
  std::int64_t schema_version = 0;
  std::int64_t seed = 0;
  std::int64_t replications = 0;
  std::string start_date;
  std::string end_date;  ///< empty before schema 10
  std::int64_t step_days = 0;
  std::string created_utc;
  /// The kind's own attributes, as text ("26", "2021-12-28"), in the order of FileKind::attributes.
  std::vector<std::pair<std::string, std::string>> attributes;
  /// Every table of the file and its number of rows.
  std::vector<std::pair<std::string, std::size_t>> table_rows;
  /// The tables `emile info` prints in full (FileKind::shown), as read, under their current column names.
  std::vector<std::pair<std::string, sim::Table>> shown;
  // `run` files only:
  std::vector<std::string> dates;
  std::vector<std::string> territories;
  std::vector<std::string> summary_names;  ///< headline outcome columns
  std::vector<double> summary_means;       ///< their means over replications
};

/// Reads a results file of any kind after check_results_layout. Throws sim::ResultsFileError as it does.
ResultsInfo read_results_info(const std::filesystem::path& path);

/// A declared table of `in` (of schema `version`) under its current column names: columns renamed since the
/// file was written are given their current names.
sim::Table read_declared_table(sim::ResultsReader& in, const sim::TableSchema& schema, std::int64_t version);

}  // namespace emile::models
