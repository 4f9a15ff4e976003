#include "csv_reader.hpp"

#include "argument_checks.hpp"

#include "emile/sim/input_file.hpp"

#include <algorithm>
#include <stdexcept>

namespace emile::models {
namespace {

std::string read_whole_file(const std::filesystem::path& file) {
  try {
    return sim::InputFile(file).read_all();
  } catch (const sim::InputFileError& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace

CsvReader::CsvReader(const std::filesystem::path& file) : text_(read_whole_file(file)), file_(file.string()) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte-order mark
}

bool CsvReader::next(CsvRecord& record) {
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

std::vector<std::size_t> CsvReader::header(std::initializer_list<std::string_view> columns) {
  CsvRecord record;
  if (!next(record)) fail(1, "empty file: a header line is required");
  std::vector<std::size_t> positions;
  for (const auto name : columns) {
    const auto it = std::find(record.fields.begin(), record.fields.end(), name);
    if (it == record.fields.end()) fail(record.line, "header: missing column " + in_quotes(name));
    positions.push_back(static_cast<std::size_t>(it - record.fields.begin()));
  }
  width_ = record.fields.size();
  return positions;
}

bool CsvReader::next_row(CsvRecord& record) {
  if (!next(record)) return false;
  if (record.fields.size() != width_) {
    fail(record.line, std::to_string(record.fields.size()) + " fields, but the header has " + std::to_string(width_));
  }
  return true;
}

void CsvReader::fail(std::size_t line, const std::string& what) const {
  throw std::runtime_error(file_ + ":" + std::to_string(line) + ": " + what);
}

std::string CsvReader::field(std::size_t record_line) {
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

}  // namespace emile::models
