#pragma once
// The declaration of a results table: its path in the file, what a row is, and each column's name, storage
// type, unit and meaning. A table is declared once; the writer checks what it writes against the declaration
// (Table::Table(const TableSchema&)), readers check a file against it, and the documentation and the Python
// package's DataFrames are made from it.
//
// Versions: a results file records the schema version of its layout. A column or table declared `since`
// version N is absent from older files; a column `renamed` in version N was called `renamed->from` before.
// Readers of an older file use the names the file holds and present them under the current ones.
//
//   const TableSchema jobs{
//       "/jobs", "one job spell after a move, per replication",
//       {{"household", ColumnType::int64, "", "household index"},
//        {"start_step", ColumnType::int64, "step", "step the job started"}}};
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace emile::sim {

/// How a column is stored: 64-, 32- or 8-bit integers, IEEE doubles, or variable-length UTF-8 strings.
enum class ColumnType : std::uint8_t { int64, int32, uint8, float64, string };

/// The name of a column type as documented ("int64", "int32", "uint8", "float64", "string").
std::string_view name(ColumnType type);

/// A column renamed in a later schema version.
struct Rename {
  std::int64_t in_version;  ///< the first schema version with the current name
  std::string from;         ///< the name before it
};

struct ColumnSpec {
  std::string name;
  ColumnType type;
  std::string unit;     ///< "" for a code, a name or a count of the row's things
  std::string meaning;  ///< one sentence; codes name the table they refer to
  std::int64_t since = 1;           ///< first schema version holding the column
  std::optional<Rename> renamed{};  ///< its former name, if it had one

  /// The column's name in a file of schema `version`, or nullopt when such a file does not hold it.
  std::optional<std::string> name_in(std::int64_t version) const;
};

/// Columns named when the table is written (one per headline outcome, per varied key…), all of one type.
struct FurtherColumns {
  std::string label;      ///< how the documentation names them, e.g. "<outcome>"
  ColumnType type;
  std::string unit;
  std::string meaning;
  std::size_t position;   ///< they follow the first `position` declared columns
};

struct TableSchema {
  std::string path;     ///< absolute path of the table's group, e.g. "/households"
  std::string meaning;  ///< what one row is
  std::vector<ColumnSpec> columns;
  std::optional<FurtherColumns> further{};
  std::int64_t since = 1;  ///< first schema version holding the table

  /// The declared column called `name`, or nullptr.
  const ColumnSpec* column(std::string_view name) const;
};

/// The declaration as a Markdown table (column | type | unit | meaning), preceded by its path and meaning.
std::string describe_markdown(const TableSchema& schema);

}  // namespace emile::sim
