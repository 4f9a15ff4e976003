#include "emile/sim/table_schema.hpp"

namespace emile::sim {

std::string_view name(ColumnType type) {
  switch (type) {
    case ColumnType::int64: return "int64";
    case ColumnType::int32: return "int32";
    case ColumnType::uint8: return "uint8";
    case ColumnType::float64: return "float64";
    case ColumnType::string: return "string";
  }
  return "?";
}

std::optional<std::string> ColumnSpec::name_in(std::int64_t version) const {
  if (version < since) return std::nullopt;
  if (renamed && version < renamed->in_version) return renamed->from;
  return name;
}

const ColumnSpec* TableSchema::column(std::string_view column_name) const {
  for (const ColumnSpec& c : columns) {
    if (c.name == column_name) return &c;
  }
  return nullptr;
}

namespace {

// A table cell: '|' would end it, a newline the row.
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string row(std::string_view name, ColumnType type, std::string_view unit, std::string meaning) {
  return "| `" + cell(name) + "` | " + std::string(sim::name(type)) + " | " + cell(unit) + " | " + cell(meaning) + " |\n";
}

}  // namespace

std::string describe_markdown(const TableSchema& schema) {
  std::string out = "`" + schema.path + "`: " + schema.meaning;
  if (schema.since > 1) out += " (since schema " + std::to_string(schema.since) + ")";
  out += "\n\n| column | type | unit | meaning |\n|---|---|---|---|\n";
  for (std::size_t i = 0; i <= schema.columns.size(); ++i) {
    if (schema.further && schema.further->position == i) {
      const FurtherColumns& f = *schema.further;
      out += row(f.label, f.type, f.unit, f.meaning);
    }
    if (i == schema.columns.size()) break;
    const ColumnSpec& c = schema.columns[i];
    std::string meaning = c.meaning;
    if (c.since > 1) meaning += " (since schema " + std::to_string(c.since) + ")";
    if (c.renamed) meaning += " (called `" + c.renamed->from + "` before schema " + std::to_string(c.renamed->in_version) + ")";
    out += row(c.name, c.type, c.unit, meaning);
  }
  return out;
}

}  // namespace emile::sim
