#include "emile/sim/parameters.hpp"

#include "emile/sim/input_file.hpp"
#include "toml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <type_traits>
#include <utility>

namespace emile::sim {

std::string toml_number(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, end);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // keep it a TOML float
  return text;
}

namespace {

// A rule's bound: integral values print as integers ("≥ 0", "in [1, 100000]").
std::string format_bound(double value) {
  if (value == std::floor(value) && std::abs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  return toml_number(value);
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {  // control characters TOML strings refuse raw
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string format_value(const Value& value) {
  struct Formatter {
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return toml_number(v); }
    std::string operator()(const std::string& v) const { return quote(v); }
    std::string operator()(Date v) const { return v.iso(); }
    std::string operator()(const std::vector<double>& v) const {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_number(v[i]);
      return out + "]";
    }
  };
  return std::visit(Formatter{}, value);
}

std::string kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::flag: return "boolean";
    case ValueKind::integer: return "integer";
    case ValueKind::number: return "number";
    case ValueKind::text: return "string";
    case ValueKind::date: return "date";
    case ValueKind::numbers: return "array of numbers";
  }
  return "value";
}

// What a value of `kind` looks like, for a message about one that is not: in the user's terms, with an example.
std::string expected_value(ValueKind kind) {
  switch (kind) {
    case ValueKind::flag: return "expected true or false";
    case ValueKind::integer: return "expected an integer (a whole number, such as 40)";
    case ValueKind::number: return "expected a number (such as 0.5 or 40)";
    case ValueKind::text: return "expected text in double quotes (such as \"greedy\")";
    case ValueKind::date: return "expected a date written YYYY-MM-DD (unquoted)";
    case ValueKind::numbers: return "expected an array of numbers (such as [1, 2.5])";
  }
  return "expected a value";
}

double as_double(const Value& value) {
  if (auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&value)) return *d;
  return std::nan("");
}

// ---- Reading ---------------------------------------------------------------------------------------------

// Values set by overrides, with the override they came from: copies of TOML nodes do not keep their source.
using OverrideOrigins = std::map<const toml::node*, std::string>;

SourceLocation location_of(const toml::node& node, const std::string& fallback_file, const OverrideOrigins* origins = nullptr) {
  if (origins) {
    if (auto it = origins->find(&node); it != origins->end()) return {it->second, 0, 0};
  }
  const auto& source = node.source();
  SourceLocation where;
  where.file = source.path ? *source.path : fallback_file;
  where.line = static_cast<int>(source.begin.line);
  where.column = static_cast<int>(source.begin.column);
  return where;
}

// A node's value for error messages: numbers in their shortest exact form, arrays on one line, cut at 60
// characters.
std::string node_text(const toml::node& node) {
  std::string text;
  if (node.is_table()) {
    text = "{…}";
  } else if (const auto* number = node.as_floating_point()) {
    text = toml_number(number->get());
  } else if (const auto* integer = node.as_integer()) {
    text = std::to_string(integer->get());
  } else if (const auto* array = node.as_array()) {
    text = array->is_array_of_tables() ? "[[…]]" : "[";
    for (std::size_t i = 0; !array->is_array_of_tables() && i < array->size() && text.size() < 60; ++i) {
      text += (i ? ", " : "") + node_text((*array)[i]);
    }
    if (!array->is_array_of_tables()) text += "]";
  } else {
    std::ostringstream out;
    out << toml::toml_formatter(node, toml::format_flags::none);
    text = out.str();
  }
  if (text.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    text = text.substr(0, cut) + "...";
  }
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

class Reader {
 public:
  Reader(std::string file, OverrideOrigins origins, SourceMap* locations)
      : file_(std::move(file)), origins_(std::move(origins)), locations_(locations) {}

  void read_table(const toml::table& table, const SchemaNode& schema, void* object, const std::string& prefix) const {
    for (const auto& [key_node, value] : table) {
      const std::string key(key_node.str());
      const std::string path = prefix.empty() ? key : prefix + "." + key;
      if (locations_) (*locations_)[path] = location_of(value, file_, &origins_);
      if (auto field = find(schema.fields, key)) {
        read_field(value, *field, object, path);
      } else if (auto section = find(schema.sections, key)) {
        const auto* sub = value.as_table();
        if (!sub) fail(value, path, "expected a table [" + path + "]");
        read_table(*sub, *section->node, section->member(object), path);
      } else if (auto list = find(schema.lists, key)) {
        const auto* items = value.as_array();
        if (!items || !items->is_array_of_tables()) fail(value, path, "expected an array of tables [[" + path + "]]");
        list->resize(object, items->size());
        // The only element of a one-or-more list reads as a section does (`origin.caseworkers`).
        const bool single = list->one_or_more && items->size() == 1;
        for (std::size_t i = 0; i < items->size(); ++i) {
          read_table(*(*items)[i].as_table(), *list->node, list->element(object, i),
                     single ? path : path + "[" + std::to_string(i) + "]");
        }
      } else {
        const std::string where = prefix.empty() ? "at the top level" : "in [" + strip_index(prefix) + "]";
        const auto retired = schema.retired.find(key);
        fail_at(location_of(value, file_, &origins_), path, node_text(value),
                retired != schema.retired.end() ? schema.unknown_key(key) : "unknown key; valid keys " + where + ": " + join(schema.keys()));
      }
    }
    require(table, schema, prefix, table);
  }

 private:
  // Every required field of `schema` must be in `table`; sections absent from it must have no required field.
  void require(const toml::table& table, const SchemaNode& schema, const std::string& prefix, const toml::table& where) const {
    for (const auto& field : schema.fields) {
      if (!field.default_value && !table.contains(field.key)) {
        const std::string path = prefix.empty() ? field.key : prefix + "." + field.key;
        fail_at(location_of(where, file_), path, "", "required " + kind_name(field.kind) + " is missing");
      }
    }
    static const toml::table empty;
    for (const auto& section : schema.sections) {
      if (!table.contains(section.key)) {
        require(empty, *section.node, prefix.empty() ? section.key : prefix + "." + section.key, where);
      }
    }
  }

  template <class Item>
  static const Item* find(const std::vector<Item>& items, const std::string& key) {
    auto it = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.key == key; });
    return it == items.end() ? nullptr : &*it;
  }

  static std::string strip_index(const std::string& path) {
    std::string out;
    bool skipping = false;
    for (char c : path) {
      if (c == '[') skipping = true;
      if (!skipping) out += c;
      if (c == ']') skipping = false;
    }
    return out;
  }

  [[noreturn]] void fail(const toml::node& node, const std::string& path, const std::string& problem) const {
    fail_at(location_of(node, file_, &origins_), path, node_text(node), problem);
  }
  [[noreturn]] static void fail_at(SourceLocation where, const std::string& path, const std::string& text,
                                   const std::string& problem) {
    throw ScenarioError(std::move(where), path, text, problem);
  }

  void read_field(const toml::node& node, const SchemaNode::Field& field, void* object, const std::string& path) const {
    const auto wrong_type = [&] { fail(node, path, expected_value(field.kind)); };
    Value value;
    switch (field.kind) {
      case ValueKind::flag:
        if (!node.is_boolean()) wrong_type();
        value = node.as_boolean()->get();
        break;
      case ValueKind::integer:
        if (!node.is_integer()) wrong_type();
        value = node.as_integer()->get();
        break;
      case ValueKind::number:
        if (node.is_integer()) {
          value = static_cast<double>(node.as_integer()->get());
        } else if (node.is_floating_point()) {
          value = node.as_floating_point()->get();
        } else {
          wrong_type();
        }
        if (!std::isfinite(std::get<double>(value))) fail(node, path, "must be a finite number");
        break;
      case ValueKind::text: {
        if (!node.is_string()) wrong_type();
        const std::string& text = node.as_string()->get();
        const auto control = std::find_if(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
        if (control != text.end()) {
          char code[8];
          std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*control)));
          fail(node, path, std::string("holds the control character ") + code +
                               ": names, codes, keys and paths are one line of printable text");
        }
        value = text;
        break;
      }
      case ValueKind::date: {
        if (!node.is_date()) fail(node, path, "expected a date written YYYY-MM-DD (unquoted)");
        const auto d = node.as_date()->get();
        try {
          value = Date::from_ymd(d.year, d.month, d.day);
        } catch (const std::invalid_argument& e) {
          fail(node, path, e.what());
        }
        break;
      }
      case ValueKind::numbers: {
        const auto* array = node.as_array();
        if (!array) wrong_type();
        std::vector<double> numbers;
        for (const auto& element : *array) {
          if (element.is_integer()) {
            numbers.push_back(static_cast<double>(element.as_integer()->get()));
          } else if (element.is_floating_point() && std::isfinite(element.as_floating_point()->get())) {
            numbers.push_back(element.as_floating_point()->get());
          } else {
            fail(node, path, "expected an array of finite numbers");
          }
        }
        value = std::move(numbers);
        break;
      }
    }
    if (field.rule.check) {
      if (auto problem = field.rule.check(value)) fail(node, path, *problem);
    }
    field.set(object, value);
  }

  std::string file_;
  OverrideOrigins origins_;
  SourceMap* locations_;
};

// ---- Variants and overrides --------------------------------------------------------------------------------

// Nesting. toml++ recurses once per level of a document's tree, while parsing and when destroying it, and so do
// merge() and check_depth(): a key of a million dotted parts ("a.a.a…", 2 MB) would overflow the stack. So the
// dotted keys of a text are limited to max_nesting parts before toml++ sees it (which, with toml++'s own limit of
// 256 nested arrays and inline tables, keeps its recursion within about 66 000 levels), then the parsed tree to
// max_nesting levels. A scenario needs three.
constexpr std::size_t max_nesting = 256;
const std::string nested_too_deeply = "nested more than " + std::to_string(max_nesting) + " levels deep";

// `text` cut to 60 bytes for a message, not inside a UTF-8 character.
std::string abbreviated(std::string_view text) {
  if (text.size() <= 60) return std::string(text);
  std::size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// Refuses a dotted key of more than max_nesting parts, without parsing. A run of bare-key characters, quoted
// keys, blanks and dots outside strings and comments holds at most one dotted key (a number or a time holds
// one dot), so counting its dots bounds the key's parts.
void check_key_parts(std::string_view text, const std::string& file) {
  const auto bare = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  int line = 1;
  int column = 1;  // in characters, as toml++ counts
  std::size_t i = 0;
  const auto advance = [&](std::size_t count) {
    for (const std::size_t end = std::min(text.size(), i + count); i < end; ++i) {
      if (text[i] == '\n') {
        ++line, column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
  };
  std::size_t start = std::string_view::npos;  // of the current run
  SourceLocation where{file, 0, 0};
  std::size_t dots = 0;
  const auto begin_run = [&] {
    if (start == std::string_view::npos) start = i, where.line = line, where.column = column, dots = 0;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      advance(text.find('\n', i) - i);  // npos: to the end
      start = std::string_view::npos;
    } else if (c == '"' || c == '\'') {
      const std::string_view triple = c == '"' ? "\"\"\"" : "'''";
      const bool multiline = text.substr(i, 3) == triple;
      if (!multiline) begin_run();
      advance(multiline ? 3 : 1);
      while (i < text.size() && !(multiline ? text.substr(i, 3) == triple : text[i] == c)) {
        if (!multiline && text[i] == '\n') break;  // unterminated: toml++ reports it
        advance(c == '"' && text[i] == '\\' ? 2 : 1);
      }
      if (multiline || i >= text.size() || text[i] == '\n') start = std::string_view::npos;  // a value, or broken
      advance(multiline ? 3 : 1);
    } else if (bare(c) || c == '.') {
      begin_run();
      if (c == '.' && ++dots >= max_nesting) {
        const std::string_view run = text.substr(start, text.find_first_of("=]\n", start) - start);
        throw ScenarioError(where, abbreviated(run), "", nested_too_deeply);
      }
      advance(1);
    } else {
      if (c != ' ' && c != '\t') start = std::string_view::npos;
      advance(1);
    }
  }
}

// Refuses a tree nesting more than max_nesting levels (`path` leads to `node`, at depth path.size()).
void check_depth(const toml::node& node, std::vector<std::string>& path, const std::string& file) {
  if (path.size() > max_nesting) {
    std::string key;
    for (const std::string& part : path) key += (key.empty() || part.front() == '[' ? "" : ".") + part;
    throw ScenarioError(location_of(node, file), abbreviated(key), "", nested_too_deeply);
  }
  if (const auto* table = node.as_table()) {
    for (const auto& [key, value] : *table) {
      path.emplace_back(key.str());
      check_depth(value, path, file);
      path.pop_back();
    }
  } else if (const auto* array = node.as_array()) {
    for (std::size_t k = 0; k < array->size(); ++k) {
      path.push_back("[" + std::to_string(k) + "]");
      check_depth((*array)[k], path, file);
      path.pop_back();
    }
  }
}

toml::table parse_text(std::string_view text, const std::string& file) {
  if (text.find('\0') != std::string_view::npos) {
    throw ScenarioError({file, 0, 0}, "", "", "not a text file (contains NUL bytes)");
  }
  check_key_parts(text, file);
  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    SourceLocation where{file, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)};
    throw ScenarioError(std::move(where), "", "", "TOML syntax error: " + std::string(e.description()));
  }
  std::vector<std::string> path;
  check_depth(table, path, file);
  return table;
}

// Scenario files are read whole; a larger file is no scenario (the shipped ones are below 100 kB).
constexpr std::uintmax_t max_scenario_bytes = 64 << 20;

std::string read_file_text(const std::filesystem::path& path) {
  const auto refuse = [&](const std::string& problem) { return ScenarioError({path.string(), 0, 0}, "", "", problem); };
  try {
    const InputFile in(path);
    if (in.size() > max_scenario_bytes) {
      throw refuse("too large for a scenario file (" + std::to_string(in.size() >> 20) + " MiB; at most 64 MiB)");
    }
    return in.read_all();
  } catch (const InputFileError& e) {
    switch (e.problem()) {
      case InputFileError::Problem::missing: throw refuse("no such scenario file");
      case InputFileError::Problem::directory: throw refuse("a directory, not a scenario file");
      default: throw refuse(e.what());
    }
  }
}

const toml::node* find_code(const toml::table& table) { return table.get("code"); }

const SchemaNode::List* list_named(const SchemaNode& schema, std::string_view key) {
  const auto list = std::find_if(schema.lists.begin(), schema.lists.end(), [&](const auto& l) { return l.key == key; });
  return list == schema.lists.end() ? nullptr : &*list;
}

// The code of an element of a list of tables: its own, or (`list` given) the code field's default; nullopt when
// it has none.
std::optional<std::string> code_of(const toml::table& element, const SchemaNode::List* list) {
  if (const auto* code = find_code(element); code && code->is_string()) return code->as_string()->get();
  if (!list) return std::nullopt;
  const auto field = std::find_if(list->node->fields.begin(), list->node->fields.end(),
                                  [](const auto& f) { return f.key == "code"; });
  if (field == list->node->fields.end() || !field->default_value) return std::nullopt;
  return std::get<std::string>(*field->default_value);
}

// The codes of a list's elements, for messages: "IDF, 69M".
std::string codes_text(const toml::array& items, const SchemaNode::List* list) {
  std::string codes;
  for (const auto& item : items) {
    if (const auto code = code_of(*item.as_table(), list)) codes += (codes.empty() ? "" : ", ") + *code;
  }
  return codes;
}

// Writes each one-or-more list of `schema` given as one table `[key]` in `table` as an array of that table.
void wrap_single_tables(toml::table& table, const SchemaNode& schema) {
  for (const auto& list : schema.lists) {
    auto* node = list.one_or_more ? table.get(list.key) : nullptr;
    if (!node || !node->is_table()) continue;
    toml::array items;
    items.push_back(std::move(*node->as_table()));
    table.insert_or_assign(list.key, std::move(items));
  }
}

// Gives each one-or-more list of `schema` absent from `table` its one element, of defaults.
void add_missing_elements(toml::table& table, const SchemaNode& schema) {
  for (const auto& list : schema.lists) {
    if (list.one_or_more && !table.contains(list.key)) table.insert(list.key, toml::array{toml::table{}});
  }
}

// Merges `overlay` into `base` (`schema`: their top level's, or nullptr below it): tables key by key, arrays of
// tables element by `code`, other values replaced. In a one-or-more list an element's code is its code field's
// default when it gives none, and an overlay element without a code amends the base's only element. Nodes are
// moved, not copied: a moved TOML node keeps its source position, a copy loses it.
void merge(toml::table& base, toml::table&& overlay, const SchemaNode* schema, const std::string& file) {
  for (auto&& [key, value] : overlay) {
    auto* existing = base.get(key);
    if (existing && existing->is_table() && value.is_table()) {
      merge(*existing->as_table(), std::move(*value.as_table()), nullptr, file);
    } else if (existing && existing->is_array_of_tables() && value.is_array_of_tables()) {
      const SchemaNode::List* list = schema ? list_named(*schema, key.str()) : nullptr;
      if (list && !list->one_or_more) list = nullptr;
      auto& items = *existing->as_array();
      for (auto&& element : *value.as_array()) {
        auto& table = *element.as_table();
        auto same = items.end();
        if (list && !find_code(table) && !items.empty()) {
          if (items.size() > 1) {
            throw ScenarioError(location_of(table, file), std::string(key.str()), "",
                                "the base has " + std::to_string(items.size()) + " [[" + std::string(key.str()) +
                                    "]] (" + codes_text(items, list) + "): give this one a code to amend or add one");
          }
          same = items.begin();
        } else if (const auto code = code_of(table, list)) {
          same = std::find_if(items.begin(), items.end(),
                              [&](toml::node& item) { return code_of(*item.as_table(), list) == code; });
        }
        if (same != items.end()) {
          merge(*same->as_table(), std::move(table), nullptr, file);
        } else {
          items.push_back(std::move(table));
        }
      }
    } else {
      base.insert_or_assign(key, std::move(value));
    }
  }
}

// A variant's `replaces = ["lever", …]`: the lists of tables of its base it replaces with its own (none, if it
// writes none) instead of adding to them. Removes them from `base`, and the key from `variant`.
void drop_replaced_lists(toml::table& base, toml::table& variant, const std::string& file) {
  const auto* replaces = variant.get("replaces");
  if (!replaces) return;
  const auto refuse = [&](const toml::node& node, const std::string& problem) {
    return ScenarioError(location_of(node, file), "replaces", node_text(node), problem);
  };
  if (!replaces->is_array()) throw refuse(*replaces, "expected a list of list names, such as [\"lever\", \"event\"]");
  std::string lists;  // the base's lists of tables, for messages
  for (const auto& [key, value] : base) {
    if (value.is_array_of_tables()) lists += (lists.empty() ? "" : ", ") + std::string(key.str());
  }
  std::vector<std::string> names;
  for (const auto& element : *replaces->as_array()) {
    const auto* list = element.is_string() ? base.get(element.as_string()->get()) : nullptr;
    if (!list || !list->is_array_of_tables()) {
      throw refuse(element, "expected the name of a list of tables of the base (it has: " + (lists.empty() ? "none" : lists) + ")");
    }
    names.push_back(element.as_string()->get());
  }
  for (const auto& name : names) base.erase(name);
  variant.erase("replaces");
}

toml::table load_with_bases(std::string_view text, const std::filesystem::path& file, const SchemaNode& schema,
                            int depth) {
  toml::table table = parse_text(text, file.string());
  wrap_single_tables(table, schema);
  const auto* base = table.get("base");
  if (!base) {
    if (const auto* replaces = table.get("replaces")) {
      throw ScenarioError(location_of(*replaces, file.string()), "replaces", node_text(*replaces),
                          "only a variant replaces lists of its base: add base = \"…\" or remove replaces");
    }
    return table;
  }
  if (!base->is_string()) throw ScenarioError(location_of(*base, file.string()), "base", node_text(*base), "expected a file name");
  if (depth >= 8) throw ScenarioError(location_of(*base, file.string()), "base", node_text(*base), "too many nested bases (a cycle?)");
  const std::filesystem::path base_path = file.parent_path() / base->as_string()->get();
  toml::table merged;
  try {
    merged = load_with_bases(read_file_text(base_path), base_path, schema, depth + 1);
  } catch (const ScenarioError& e) {
    if (e.where().file != base_path.string() || e.where().line != 0) throw;
    throw ScenarioError(location_of(*base, file.string()), "base", node_text(*base), e.problem() + ": " + base_path.string());
  }
  table.erase("base");
  drop_replaced_lists(merged, table, file.string());
  merge(merged, std::move(table), &schema, file.string());
  return merged;
}

// Splits a dotted key; empty when a part is empty.
std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream stream(key);
  for (std::string part; std::getline(stream, part, '.');) {
    if (part.empty()) return {};
    parts.push_back(part);
  }
  if (key.empty() || key.back() == '.') return {};
  return parts;
}

// How a key part picks an element of a list of tables: `territory.15` by its code, `event[0]` by its 0-based
// position. The two never mix: a code is never read as a position.
struct ElementSelector {
  std::optional<std::size_t> position;  ///< `list[N]`
  std::string code;                     ///< `list.CODE`
  bool only = false;                    ///< `list.field`: the only element of a one-or-more list
};

// `name[N]` split into the list's name and N; nullopt for any other part.
std::optional<std::pair<std::string, std::size_t>> positional_part(const std::string& part) {
  const std::size_t open = part.find('[');
  if (open == std::string::npos || open == 0 || part.back() != ']' || open + 2 > part.size() - 1) return std::nullopt;
  const std::string digits = part.substr(open + 1, part.size() - open - 2);
  std::size_t position = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), position);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return std::pair{part.substr(0, open), position};
}

// Picks the element `selector` names among `count` elements whose codes `code_of(k)` gives (nullptr: the
// list's elements have no code); calls `fail` when none matches, naming the syntax that would.
template <class CodeOf, class Fail>
std::size_t select_element(const std::string& list, std::size_t count, const ElementSelector& selector, CodeOf&& code_of,
                           bool has_codes, Fail&& fail) {
  if (selector.only) {
    if (count == 1) return 0;
    std::string codes;
    for (std::size_t k = 0; k < count; ++k) {
      const std::string* code = code_of(k);
      if (code) codes += (codes.empty() ? "" : ", ") + *code;
    }
    fail(count == 0 ? "there is no [[" + list + "]]"
                    : "there are " + std::to_string(count) + " [[" + list + "]] (" + codes + "): name one by its code, " +
                          list + ".CODE.<key>");
  }
  if (selector.position) {
    if (*selector.position >= count) {
      fail(count == 0 ? "there is no [[" + list + "]]"
                      : "there are " + std::to_string(count) + " [[" + list + "]], at positions 0 to " +
                            std::to_string(count - 1));
    }
    return *selector.position;
  }
  if (!has_codes) {
    fail("[[" + list + "]] elements have no code: address them by position, " + list + "[N] (e.g. " + list + "[" +
         selector.code + "])");
  }
  for (std::size_t k = 0; k < count; ++k) {
    const std::string* code = code_of(k);
    if (code && *code == selector.code) return k;
  }
  // A code that reads as an existing position was probably meant as one: name the syntax for it.
  std::size_t position = 0;
  const char* end = selector.code.data() + selector.code.size();
  const auto [last, error] = std::from_chars(selector.code.data(), end, position);
  const bool a_position = !selector.code.empty() && error == std::errc{} && last == end && position < count;
  std::string codes;
  for (std::size_t k = 0; k < count; ++k) {
    const std::string* code = code_of(k);
    if (code) codes += (codes.empty() ? "" : ", ") + *code;
  }
  fail("no [[" + list + "]] has code \"" + selector.code + "\"" +
       (a_position ? " (to address one by its 0-based position, write " + list + "[" + selector.code + "])" : "") +
       (codes.empty() ? "" : "; the codes are " + codes));
  return 0;  // not reached: fail throws
}

// Follows a dotted key through the schema: every part but the last names a section (`enter_section(part,
// section)`), a list followed by a code (`territory.15`) or a list with a position (`event[0]`)
// (`enter_list(part, list, selector)`). Returns the schema node holding the last part; calls `fail(problem)`
// (which must throw) on a part that names none of these.
template <class EnterSection, class EnterList, class Fail>
const SchemaNode& walk_key(const SchemaNode& schema, const std::vector<std::string>& parts, EnterSection&& enter_section,
                           EnterList&& enter_list, Fail&& fail) {
  const SchemaNode* node = &schema;
  const auto find_list = [&](const std::string& name) {
    return std::find_if(node->lists.begin(), node->lists.end(), [&](const auto& l) { return l.key == name; });
  };
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    const auto section = std::find_if(node->sections.begin(), node->sections.end(), [&](const auto& s) { return s.key == part; });
    const auto positional = positional_part(part);
    if (section != node->sections.end()) {
      enter_section(part, *section);
      node = section->node.get();
    } else if (positional && find_list(positional->first) != node->lists.end()) {
      const auto list = find_list(positional->first);
      enter_list(positional->first, *list, ElementSelector{positional->second, {}});
      node = list->node.get();
    } else if (const auto list = find_list(part); list != node->lists.end() && i + 2 < parts.size()) {
      enter_list(part, *list, ElementSelector{std::nullopt, parts[++i]});
      node = list->node.get();
    } else if (list != node->lists.end() && list->one_or_more) {
      enter_list(part, *list, ElementSelector{std::nullopt, {}, true});
      node = list->node.get();
    } else {
      fail("\"" + part + "\" is not a table or list here; valid keys: " + join(node->keys()));
    }
  }
  return *node;
}

// The text field `code` by which keys address the elements of `list`, or nullptr when they have none.
const SchemaNode::Field* code_field(const SchemaNode::List& list) {
  const auto code = std::find_if(list.node->fields.begin(), list.node->fields.end(),
                                 [](const auto& f) { return f.key == "code" && f.kind == ValueKind::text; });
  return code == list.node->fields.end() ? nullptr : &*code;
}

// The kind of value the field `key` names holds, read from the schema alone (list elements are not looked up);
// nullopt when the key names no field.
std::optional<ValueKind> kind_of_key(const SchemaNode& schema, const std::string& key) {
  struct NoField {};
  const auto parts = split_key(key);
  if (parts.empty()) return std::nullopt;
  try {
    const SchemaNode& node = walk_key(
        schema, parts, [](const std::string&, const SchemaNode::Section&) {},
        [](const std::string&, const SchemaNode::List&, const ElementSelector&) {},
        [](const std::string&) { throw NoField{}; });
    const auto field = std::find_if(node.fields.begin(), node.fields.end(), [&](const auto& f) { return f.key == parts.back(); });
    if (field != node.fields.end()) return field->kind;
  } catch (const NoField&) {
  }
  return std::nullopt;
}

// Applies one override, following the schema along its key path, and returns the node it set.
const toml::node* apply_override(toml::table& root, const Override& change, const SchemaNode& schema) {
  const std::string origin = change.option + " " + change.key + "=" + change.value;
  const auto fail = [&](const std::string& problem) { throw ScenarioError({origin, 0, 0}, change.key, change.value, problem); };
  toml::table parsed;
  try {
    check_key_parts(change.value, origin);
    parsed = toml::parse("value = " + change.value, origin);
  } catch (const ScenarioError& e) {
    fail("not a usable TOML value: " + e.problem());
  } catch (const toml::parse_error& e) {
    if (const auto kind = kind_of_key(schema, change.key)) {
      fail(expected_value(*kind) + (*kind == ValueKind::text ? "; on a command line, quote the quotes: " + change.option +
                                                                   " '" + change.key + "=\"" + change.value + "\"'"
                                                             : ""));
    }
    fail("not a TOML value (text needs double quotes): " + std::string(e.description()));
  }
  if (parsed.size() != 1) fail("not exactly one TOML value (a newline or a second key follows it)");
  const auto parts = split_key(change.key);
  if (parts.empty()) fail("empty key or key part");
  toml::table* table = &root;
  walk_key(
      schema, parts,
      [&](const std::string& part, const SchemaNode::Section&) {
        if (!table->contains(part)) table->insert(part, toml::table{});
        table = table->get(part)->as_table();
        if (!table) fail("\"" + part + "\" is not a table");
      },
      [&](const std::string& part, const SchemaNode::List& list, const ElementSelector& selector) {
        auto* items = table->get(part) ? table->get(part)->as_array() : nullptr;
        const std::size_t count = items ? items->size() : 0;
        std::optional<std::string> code;
        const std::size_t k = select_element(
            part, count, selector,
            [&](std::size_t i) -> const std::string* {
              const auto* element = (*items)[i].as_table();
              code = element ? code_of(*element, list.one_or_more ? &list : nullptr) : std::nullopt;
              return code ? &*code : nullptr;
            },
            code_field(list) != nullptr, fail);
        table = (*items)[k].as_table();
        if (!table) fail("[[" + part + "]] element " + std::to_string(k) + " is not a table");
      },
      fail);
  table->insert_or_assign(parts.back(), *parsed.get("value"));
  return table->get(parts.back());
}

// Applies `overrides` to the merged table `root`, then reads it into `object` (`file` names it in messages).
void read_root(toml::table root, const std::string& file, const SchemaNode& schema, void* object,
               const std::vector<Override>& overrides, SourceMap* locations) {
  add_missing_elements(root, schema);
  OverrideOrigins origins;
  for (const auto& change : overrides) origins[apply_override(root, change, schema)] = change.option + " " + change.key + "=" + change.value;
  Reader(file, std::move(origins), locations).read_table(root, schema, object, "");
}

// ---- Writing -----------------------------------------------------------------------------------------------

void write_node(std::ostringstream& out, const SchemaNode& schema, const void* object, const std::string& prefix,
                bool list_element) {
  if (!prefix.empty()) out << "\n" << (list_element ? "[[" : "[") << prefix << (list_element ? "]]" : "]") << "\n";
  for (const auto& field : schema.fields) out << field.key << " = " << format_value(field.get(object)) << "\n";
  for (const auto& section : schema.sections) {
    write_node(out, *section.node, section.const_member(object), prefix.empty() ? section.key : prefix + "." + section.key,
               false);
  }
  for (const auto& list : schema.lists) {
    const std::string path = prefix.empty() ? list.key : prefix + "." + list.key;
    for (std::size_t i = 0; i < list.size(object); ++i) write_node(out, *list.node, list.const_element(object, i), path, true);
  }
}

// Finds the field a dotted key names within `object` (`void` or `const void`), list elements addressed by
// `code` or 0-based position; returns it with the object that holds it. Calls `fail(problem)` (which must
// throw) when the key names none.
template <class Object, class Fail>
std::pair<const SchemaNode::Field*, Object*> find_field(const SchemaNode& schema, Object* object, const std::string& key,
                                                       Fail&& fail) {
  const auto parts = split_key(key);
  if (parts.empty()) fail("empty key or key part");
  const SchemaNode& node = walk_key(
      schema, parts,
      [&](const std::string&, const SchemaNode::Section& section) {
        if constexpr (std::is_const_v<Object>) {
          object = section.const_member(object);
        } else {
          object = section.member(object);
        }
      },
      [&](const std::string& part, const SchemaNode::List& list, const ElementSelector& selector) {
        const SchemaNode::Field* code = code_field(list);
        const auto element = [&](std::size_t k) -> Object* {
          if constexpr (std::is_const_v<Object>) {
            return list.const_element(object, k);
          } else {
            return list.element(object, k);
          }
        };
        std::string code_text;
        const std::size_t k = select_element(
            part, list.size(object), selector,
            [&](std::size_t i) -> const std::string* {
              code_text = std::get<std::string>(code->get(element(i)));
              return &code_text;
            },
            code != nullptr, fail);
        object = element(k);
      },
      fail);
  const auto field = std::find_if(node.fields.begin(), node.fields.end(), [&](const auto& f) { return f.key == parts.back(); });
  if (field == node.fields.end()) fail(node.unknown_key(parts.back()));
  return {&*field, object};
}

}  // namespace

ScenarioError::ScenarioError(SourceLocation where, std::string key, std::string value, std::string problem)
    : std::runtime_error([&] {
        std::string message = where.file;
        if (where.line > 0) message += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
        message += ": ";
        if (!key.empty()) message += key + (value.empty() ? "" : " = " + value) + ": ";
        return message + problem;
      }()),
      where_(std::move(where)),
      key_(std::move(key)),
      problem_(std::move(problem)) {}

Rule any_value() { return Rule{"", nullptr}; }

Rule at_least(double minimum) {
  return Rule{"≥ " + format_bound(minimum), [minimum](const Value& v) -> std::optional<std::string> {
                if (as_double(v) >= minimum) return std::nullopt;
                return "must be ≥ " + format_bound(minimum);
              }};
}

Rule in_range(double minimum, double maximum) {
  const std::string text = "in [" + format_bound(minimum) + ", " + format_bound(maximum) + "]";
  return Rule{text, [=](const Value& v) -> std::optional<std::string> {
                const double x = as_double(v);
                if (x >= minimum && x <= maximum) return std::nullopt;
                return "must be " + text;
              }};
}

Rule one_of(std::vector<std::string> choices) {
  const std::string text = "one of " + join(choices);
  return Rule{text, [=](const Value& v) -> std::optional<std::string> {
                const auto& s = std::get<std::string>(v);
                if (std::find(choices.begin(), choices.end(), s) != choices.end()) return std::nullopt;
                return "must be " + text;
              }};
}

Rule numbers_in(std::size_t size, double minimum, double maximum) {
  std::string text = (size ? std::to_string(size) + " numbers" : std::string("numbers")) + " in [" +
                     format_bound(minimum) + ", " + format_bound(maximum) + "]";
  return Rule{text, [=](const Value& v) -> std::optional<std::string> {
                const auto& numbers = std::get<std::vector<double>>(v);
                if (size ? numbers.size() != size : numbers.empty()) return "must hold " + text;
                for (double x : numbers) {
                  if (!(x >= minimum && x <= maximum)) return "must hold " + text + "; " + format_bound(x) + " is not";
                }
                return std::nullopt;
              }};
}

void SchemaNode::apply_defaults(void* object) const {
  for (const auto& field : fields) {
    if (field.default_value) field.set(object, *field.default_value);
  }
  for (const auto& section : sections) section.node->apply_defaults(section.member(object));
  for (const auto& list : lists) {
    if (list.one_or_more) list.resize(object, 1);
  }
}

// A declared source, or `assumed_source` for a numeric or boolean default declared without one.
static std::string documented_source(const SchemaNode::Field& field) {
  if (!field.source.empty() || !field.default_value) return field.source;
  const bool numeric = field.kind == ValueKind::flag || field.kind == ValueKind::integer ||
                       field.kind == ValueKind::number || field.kind == ValueKind::numbers;
  return numeric ? std::string(assumed_source) : std::string();
}

namespace {

// Why a field cannot change during a run: as declared, or because a dated `set` changes numbers and flags only.
std::string fixed_reason(const SchemaNode::Field& field) {
  if (!field.fixed.empty()) return field.fixed;
  const bool settable = field.kind == ValueKind::flag || field.kind == ValueKind::integer || field.kind == ValueKind::number;
  return settable ? "" : "a dated `set` changes numbers and flags only";
}

}  // namespace

std::string Effect::text() const {
  if (direction == Direction::none) return "none: " + why;
  std::string conditions;
  for (const auto& [key, value] : setting) conditions += (conditions.empty() ? "" : ", ") + key + " = " + value;
  if (direction == Direction::within_noise) {
    return "none beyond noise on " + outcome + (conditions.empty() ? "" : " (with " + conditions + ")") + ": " + why;
  }
  std::string out = std::string(direction == Direction::raises ? "raises " : "lowers ") + outcome;
  if (!why.empty()) conditions += (conditions.empty() ? "" : "; ") + why;
  return conditions.empty() ? out : out + " (with " + conditions + ")";
}

std::vector<ParameterInfo> SchemaNode::describe(const std::string& prefix) const {
  std::vector<ParameterInfo> rows;
  for (const auto& field : fields) {
    std::string effect;
    for (const auto& claim : field.effects) effect += (effect.empty() ? "" : "; ") + claim.text();
    rows.push_back({prefix + field.key, kind_name(field.kind), field.unit,
                    field.default_value ? format_value(*field.default_value) : "required", field.rule.text,
                    field.meaning, documented_source(field), fixed_reason(field), effect});
  }
  for (const auto& section : sections) {
    auto sub = section.node->describe(prefix + section.key + ".");
    rows.insert(rows.end(), sub.begin(), sub.end());
  }
  for (const auto& list : lists) {
    auto sub = list.node->describe(prefix + list.key + "[].");
    rows.insert(rows.end(), sub.begin(), sub.end());
  }
  return rows;
}

std::vector<std::string> SchemaNode::keys() const {
  std::vector<std::string> out;
  for (const auto& field : fields) out.push_back(field.key);
  for (const auto& section : sections) out.push_back(section.key);
  for (const auto& list : lists) out.push_back(list.key);
  std::sort(out.begin(), out.end());
  return out;
}

std::string SchemaNode::unknown_key(const std::string& key) const {
  if (const auto it = retired.find(key); it != retired.end()) return "no longer a parameter: " + it->second;
  return "no such parameter; valid keys here: " + join(keys());
}

void read_toml(std::string_view text, const std::filesystem::path& file, const SchemaNode& schema, void* object,
               const std::vector<Override>& overrides, SourceMap* locations) {
  read_root(load_with_bases(text, file, schema, 0), file.string(), schema, object, overrides, locations);
}

void read_toml_text(std::string_view text, const std::string& name, const SchemaNode& schema, void* object,
                    const std::vector<Override>& overrides, SourceMap* locations) {
  toml::table root = parse_text(text, name);
  if (const auto* base = root.get("base")) {
    throw ScenarioError(location_of(*base, name), "base", node_text(*base), "text read from memory cannot have a base file");
  }
  wrap_single_tables(root, schema);
  read_root(std::move(root), name, schema, object, overrides, locations);
}

void read_toml_file(const std::filesystem::path& path, const SchemaNode& schema, void* object,
                    const std::vector<Override>& overrides, SourceMap* locations) {
  read_toml(read_file_text(path), path, schema, object, overrides, locations);
}

std::string write_toml(const SchemaNode& schema, const void* object) {
  std::ostringstream out;
  write_node(out, schema, object, "", false);
  return out.str();
}

namespace {

std::optional<FixedDifference> fixed_difference_in(const SchemaNode& schema, const void* base, const void* changed,
                                                   const std::string& prefix, const std::vector<std::string>& skipped) {
  const auto is_skipped = [&](const std::string& key) {
    return prefix.empty() && std::find(skipped.begin(), skipped.end(), key) != skipped.end();
  };
  for (const auto& field : schema.fields) {
    if (field.fixed.empty()) continue;
    const Value a = field.get(base), b = field.get(changed);
    if (a != b) return FixedDifference{prefix + field.key, format_value(a), format_value(b)};
  }
  for (const auto& section : schema.sections) {
    if (is_skipped(section.key)) continue;
    if (auto found = fixed_difference_in(*section.node, section.const_member(base), section.const_member(changed),
                                         prefix + section.key + ".", skipped)) {
      return found;
    }
  }
  for (const auto& list : schema.lists) {
    if (is_skipped(list.key)) continue;
    const std::size_t count = list.size(base);
    if (list.size(changed) != count) {
      return FixedDifference{prefix + list.key, std::to_string(count) + " elements",
                             std::to_string(list.size(changed)) + " elements"};
    }
    const SchemaNode::Field* code = code_field(list);
    for (std::size_t k = 0; k < count; ++k) {
      const void* element = list.const_element(base, k);
      const std::string name = code ? prefix + list.key + "." + std::get<std::string>(code->get(element)) + "."
                                    : prefix + list.key + "[" + std::to_string(k) + "].";
      if (auto found = fixed_difference_in(*list.node, element, list.const_element(changed, k), name, skipped)) return found;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<FixedDifference> first_fixed_difference(const SchemaNode& schema, const void* base, const void* changed,
                                                      const std::vector<std::string>& skipped) {
  return fixed_difference_in(schema, base, changed, "", skipped);
}

void set_number(const SchemaNode& schema, void* object, std::string_view key, double value, const SourceLocation& origin) {
  const std::string path(key);
  const auto fail = [&](const std::string& problem) { throw ScenarioError(origin, path, toml_number(value), problem); };
  const auto [field, target] = find_field(schema, object, path, fail);
  Value converted;
  switch (field->kind) {
    case ValueKind::number: converted = value; break;
    case ValueKind::integer:
      if (value != std::floor(value) || std::abs(value) > 9.0e15) fail("expected an integral value");
      converted = static_cast<std::int64_t>(value);
      break;
    case ValueKind::flag:
      if (value != 0 && value != 1) fail("expected 0 or 1 for a boolean");
      converted = value == 1;
      break;
    default: fail("only numeric and boolean parameters can change during a run");
  }
  if (field->rule.check) {
    if (auto problem = field->rule.check(converted)) fail(*problem);
  }
  field->set(target, converted);
}

ParameterAddress address_of(const SchemaNode& schema, const void* object, std::string_view key, const SourceLocation& origin) {
  const std::string path(key);
  const auto fail = [&](const std::string& problem) { throw ScenarioError(origin, path, "", problem); };
  const auto [field, holder] = find_field(schema, object, path, fail);
  return {field, holder};
}

Value get_value(const SchemaNode& schema, const void* object, std::string_view key, const SourceLocation& origin) {
  const ParameterAddress address = address_of(schema, object, key, origin);
  return address.field->get(address.holder);
}

std::string describe_markdown(const SchemaNode& schema) {
  std::ostringstream out;
  out << "| key | type | unit | default | rule | meaning | source | during a run | raising it |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& row : schema.describe()) {
    out << "| `" << row.key << "` | " << row.type << " | " << row.unit << " | `" << row.default_value << "` | "
        << row.rule << " | " << row.meaning << " | " << row.source << " | "
        << (row.fixed.empty() ? std::string("may change") : "fixed: " + row.fixed) << " | " << row.effect << " |\n";
  }
  return out.str();
}

}  // namespace emile::sim
