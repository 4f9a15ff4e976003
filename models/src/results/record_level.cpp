#include "emile/models/results/record_level.hpp"

#include "emile/models/results/tables.hpp"

namespace emile::models {

std::string_view name(RecordLevel level) { return record_level_names[static_cast<std::size_t>(level)]; }

std::optional<RecordLevel> record_level_named(std::string_view text) {
  for (std::size_t i = 0; i < record_level_names.size(); ++i) {
    if (record_level_names[i] == text) return static_cast<RecordLevel>(i);
  }
  return std::nullopt;
}

RecordLevel recorded_from(const sim::TableSchema& table) {
  if (&table == &tables::events() || &table == &tables::households() || &table == &tables::jobs()) return RecordLevel::full;
  if (&table == &tables::outcomes()) return RecordLevel::series;
  return RecordLevel::summary;
}

}  // namespace emile::models
