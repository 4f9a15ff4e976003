#pragma once
// A whole CSV file read record by record: UTF-8, comma-separated, RFC 4180 quoting (a field enclosed in double
// quotes may hold commas, line breaks and doubled quotes ""), LF, CRLF or CR line endings, an optional
// byte-order mark, empty lines skipped. Problems are reported as std::runtime_error("FILE:LINE: what").
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  ///< physical line where the record starts, from 1
};

class CsvReader {
 public:
  /// Reads `file` whole. Throws std::runtime_error("FILE: why") when it cannot be read.
  explicit CsvReader(const std::filesystem::path& file);

  /// The next record; false at the end of the file.
  bool next(CsvRecord& record);

  /// Reads the header line and returns, for each of `columns`, its position in the header (any order; other
  /// columns are allowed). Fails on an empty file or a missing column.
  std::vector<std::size_t> header(std::initializer_list<std::string_view> columns);

  /// The next data record, checked to have as many fields as the header; false at the end of the file.
  bool next_row(CsvRecord& record);

  [[noreturn]] void fail(std::size_t line, const std::string& what) const;

  const std::string& file() const { return file_; }

 private:
  std::string field(std::size_t record_line);

  std::string text_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t width_ = 0;  // fields per record, from the header
};

}  // namespace emile::models
