#include "emile/models/foundations/communes_csv.hpp"

#include "argument_checks.hpp"

#include "emile/sim/input_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace emile::models {
namespace {

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // physical line where the record starts, from 1
};

// Splits a whole file into records. Quoted fields may hold commas, doubled quotes and line breaks.
class CsvReader {
 public:
  CsvReader(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte-order mark
  }

  // The next record, skipping empty lines; false at the end of the file.
  bool next(CsvRecord& record) {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
    }
    if (pos_ >= text_.size()) return false;
    record.fields.clear();
    record.line = line_;
    while (true) {
      record.fields.push_back(field(record.line));
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      // End of record: LF, CRLF or a lone CR.
      ++pos_;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw std::runtime_error(file_ + ":" + std::to_string(line) + ": " + what);
  }

  const std::string& file() const { return file_; }

 private:
  std::string field(std::size_t record_line) {
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const std::size_t opening_line = line_;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) fail(opening_line, "unterminated quoted field");
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            value.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        value.push_back(c);
        ++pos_;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        fail(line_, "unexpected character after a closing quote (a quote inside a quoted field must be doubled)");
      }
      return value;
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '\n' || c == '\r') break;
      if (c == '"') fail(record_line, "quote inside an unquoted field (enclose the field in quotes and double it)");
      value.push_back(c);
      ++pos_;
    }
    return value;
  }

  std::string text_;
  std::string file_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

std::string read_whole_file(const std::filesystem::path& file) {
  try {
    return sim::InputFile(file).read_all();
  } catch (const sim::InputFileError& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

std::int64_t parse_population(const CsvReader& reader, std::size_t line, std::string_view value) {
  std::int64_t result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size()) {
    reader.fail(line, "population = " + in_quotes(value) + ": not a whole number");
  }
  if (result < 0) reader.fail(line, "population = " + in_quotes(value) + ": negative");
  return result;
}

double parse_coordinate(const CsvReader& reader, std::size_t line, std::string_view column, std::string_view value,
                        double limit) {
  double result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (value.empty() || error != std::errc{} || end != value.data() + value.size() || !std::isfinite(result)) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": not a number");
  }
  if (result < -limit || result > limit) {
    reader.fail(line, std::string(column) + " = " + in_quotes(value) + ": outside [-" +
                          std::to_string(static_cast<int>(limit)) + ", " + std::to_string(static_cast<int>(limit)) +
                          "] degrees");
  }
  return result;
}

}  // namespace

std::vector<Commune> read_communes_csv(const std::filesystem::path& file, std::string_view department_code,
                                       const HubRule& hubs) {
  CsvReader reader(read_whole_file(file), file.string());
  CsvRecord record;
  if (!reader.next(record)) reader.fail(1, "empty file: a header line is required");

  constexpr std::string_view required[] = {"insee_code", "name",     "department_code",
                                           "population", "latitude", "longitude"};
  std::size_t column[std::size(required)];
  for (std::size_t c = 0; c < std::size(required); ++c) {
    const auto it = std::find(record.fields.begin(), record.fields.end(), required[c]);
    if (it == record.fields.end()) {
      reader.fail(record.line, "header: missing column " + in_quotes(required[c]));
    }
    column[c] = static_cast<std::size_t>(it - record.fields.begin());
  }
  const std::size_t width = record.fields.size();

  std::vector<Commune> communes;
  std::vector<std::pair<std::string, std::size_t>> codes;  // code, line: to report repeats
  while (reader.next(record)) {
    if (record.fields.size() != width) {
      reader.fail(record.line, std::to_string(record.fields.size()) + " fields, but the header has " +
                                   std::to_string(width));
    }
    Commune commune;
    commune.code = record.fields[column[0]];
    commune.name = record.fields[column[1]];
    const std::string& department = record.fields[column[2]];
    if (commune.code.empty()) reader.fail(record.line, "insee_code is empty");
    commune.population = parse_population(reader, record.line, record.fields[column[3]]);
    commune.latitude = parse_coordinate(reader, record.line, "latitude", record.fields[column[4]], 90);
    commune.longitude = parse_coordinate(reader, record.line, "longitude", record.fields[column[5]], 180);
    if (department == department_code) {
      codes.emplace_back(commune.code, record.line);
      communes.push_back(std::move(commune));
    }
  }
  if (communes.empty()) {
    throw std::runtime_error(reader.file() + ": no commune of département " + in_quotes(department_code));
  }
  std::stable_sort(codes.begin(), codes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 1; k < codes.size(); ++k) {
    if (codes[k].first == codes[k - 1].first) {
      reader.fail(codes[k].second, "insee_code = " + in_quotes(codes[k].first) + ": repeats line " +
                                       std::to_string(codes[k - 1].second));
    }
  }
  mark_hubs(communes, hubs);
  return communes;
}

}  // namespace emile::models
