#pragma once
// How much of each replication a `run` file records (`emile run --record LEVEL`, `emile.run(record=…)`):
//   summary — the headline outcomes of every replication (/summary) and the statistics over replications of
//             every time series (/ensemble): a few hundred bytes per replication, for ensembles of many thousands;
//   series  — and every replication's time series (/timeseries/<metric>) and outcomes after the move (/outcomes);
//   full    — and every replication's events, households and jobs (the default).
// The level is the file's root attribute `record`; files of schema versions before it was recorded are `full`.
#include "emile/sim/table_schema.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace emile::models {

enum class RecordLevel { summary, series, full };
inline constexpr std::array<std::string_view, 3> record_level_names{"summary", "series", "full"};

std::string_view name(RecordLevel level);
/// The level named `text`, or nothing.
std::optional<RecordLevel> record_level_named(std::string_view text);

/// The lowest level at which a `run` file holds `table` (summary for the tables every run file holds).
RecordLevel recorded_from(const sim::TableSchema& table);

}  // namespace emile::models
