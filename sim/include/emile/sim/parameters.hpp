#pragma once
// Declared parameters: each parameter of a scenario is declared once — key, default, unit, rule and meaning —
// and that one declaration drives reading (TOML), validation, the resolved configuration stored with every
// result, and the documentation's parameter tables.
//
// Usage:
//   struct Origin { std::int64_t caseworkers; double referrals_per_year; };
//   Schema<Origin> origin_schema() {
//     return Schema<Origin>()
//         .integer("caseworkers", &Origin::caseworkers, 12, "caseworkers", at_least(0), "Caseworkers in IDF");
//   }
//   Origin o = read_toml_file<Origin>("pilot.toml", schema);   // throws ScenarioError
//
// The TOML library stays behind this interface: only parameters.cpp includes it.
#include "emile/sim/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace emile::sim {

/// Where a value came from: file, 1-based line and column (0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Where each value read came from, by its path (`run.seed`, `territory[2].code`).
using SourceMap = std::map<std::string, SourceLocation>;

/// A scenario that cannot be used. what() reads `FILE:LINE:COLUMN: key = value: problem`.
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key, std::string value, std::string problem);
  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  SourceLocation where_;
  std::string key_;
  std::string problem_;
};

/// A parameter value as the reader sees it.
using Value = std::variant<bool, std::int64_t, double, std::string, Date, std::vector<double>>;
enum class ValueKind { flag, integer, number, text, date, numbers };

/// A validation rule: returns an explanation when the value breaks it.
struct Rule {
  std::string text;  ///< For documentation, e.g. "≥ 0", "in [0, 1]", "one of greedy, optimal".
  std::function<std::optional<std::string>(const Value&)> check;
};
Rule any_value();
Rule at_least(double minimum);
Rule in_range(double minimum, double maximum);
Rule one_of(std::vector<std::string> choices);
/// For lists of numbers: exactly `size` elements (0 = any size ≥ 1), each in [minimum, maximum].
Rule numbers_in(std::size_t size, double minimum, double maximum);

/// Where the default of a numeric or boolean parameter comes from when no source is declared for it.
inline constexpr std::string_view assumed_source = "assumption";

/// What raising a parameter does, declared with it: it raises or lowers one outcome, or it changes nothing — and
/// then `why` says why —, or it changes the random draws only, so that an outcome moves by no more than noise. A
/// claim names the two values of the parameter it holds between and any other parameter it needs; a test runs a
/// shipped scenario at both values and checks it (the model's test suite says which scenario, seeds and noise band).
struct Effect {
  enum class Direction { raises, lowers, none, within_noise };
  Direction direction = Direction::none;
  /// A headline outcome (`emile info` lists them), or one counted in a part of the run, as the model's claims
  /// spell it (e.g. "moved_households in territory 48"); empty for none.
  std::string outcome;
  std::string why;  ///< none, within_noise: why it changes nothing; raises or lowers: the condition it needs, or empty
  std::string low;      ///< the parameter's lower value tested, TOML text; empty: not tested (a label, a seed)
  std::string high;     ///< its higher value tested
  std::vector<std::pair<std::string, std::string>> setting;  ///< other parameters for the claim: dotted key, TOML value

  /// "raises moved_households", "lowers returned_households (with matching.mechanism = "optimal")",
  /// "none: <why>", "none beyond noise on moved_households: <why>".
  std::string text() const;
};

/// One row of the documentation table.
struct ParameterInfo {
  std::string key;  ///< Dotted path; lists of tables appear as `territory[].code`.
  std::string type;
  std::string unit;
  std::string default_value;  ///< TOML text, or "required".
  std::string rule;
  std::string meaning;
  std::string source;  ///< where the value comes from: a citation; `assumed_source` for a numeric or boolean
                       ///< default declared without one; empty for other parameters declared without one
  std::string fixed;   ///< why the value cannot change during a run (see Schema::fixed); empty when it can
  std::string effect;  ///< what raising it does (Effect::text of each claim, joined by "; "); empty if undeclared
};

/// Untyped schema tree; use the typed Schema<T> below to build one.
class SchemaNode {
 public:
  struct Field {
    std::string key;
    ValueKind kind;
    std::optional<Value> default_value;  ///< nullopt: required.
    std::string unit;
    Rule rule;
    std::string meaning;
    std::function<Value(const void*)> get;
    std::function<void(void*, const Value&)> set;
    std::string source;  ///< where the value comes from (see Schema::source); may be empty
    std::string fixed;   ///< why the value cannot change during a run (see Schema::fixed); empty when it can
    std::vector<Effect> effects;  ///< what raising it does (see Schema::raises, lowers, inert)
  };
  struct Section {
    std::string key;
    std::string meaning;
    std::shared_ptr<const SchemaNode> node;
    std::function<void*(void*)> member;
    std::function<const void*(const void*)> const_member;
  };
  struct List {
    std::string key;
    std::string meaning;
    /// One or more elements, which may be written as one table (Schema::one_or_more).
    bool one_or_more = false;
    std::shared_ptr<const SchemaNode> node;
    std::function<std::size_t(const void*)> size;
    std::function<void(void*, std::size_t)> resize;
    std::function<void*(void*, std::size_t)> element;
    std::function<const void*(const void*, std::size_t)> const_element;
  };

  std::vector<Field> fields;
  std::vector<Section> sections;
  std::vector<List> lists;
  /// Keys that were parameters once, with what replaced them: reading or setting one is refused with that.
  std::map<std::string, std::string> retired;

  /// Sets every defaulted field (recursively through sections; lists start empty).
  void apply_defaults(void* object) const;
  std::vector<ParameterInfo> describe(const std::string& prefix = "") const;
  /// Every key valid at this level, sorted.
  std::vector<std::string> keys() const;
  /// Why `key` is no parameter at this level: what replaced it when it is retired, else the valid keys.
  std::string unknown_key(const std::string& key) const;
};

/// Typed builder over SchemaNode for a struct T.
template <class T>
class Schema {
 public:
  Schema() : node_(std::make_shared<SchemaNode>()) {}

  Schema& flag(std::string key, bool T::*member, std::optional<bool> fallback, std::string meaning) {
    return add(std::move(key), ValueKind::flag, member, to_value(fallback), "", any_value(), std::move(meaning));
  }
  Schema& integer(std::string key, std::int64_t T::*member, std::optional<std::int64_t> fallback, std::string unit,
                  Rule rule, std::string meaning) {
    return add(std::move(key), ValueKind::integer, member, to_value(fallback), std::move(unit), std::move(rule),
               std::move(meaning));
  }
  Schema& number(std::string key, double T::*member, std::optional<double> fallback, std::string unit, Rule rule,
                 std::string meaning) {
    return add(std::move(key), ValueKind::number, member, to_value(fallback), std::move(unit), std::move(rule),
               std::move(meaning));
  }
  Schema& text(std::string key, std::string T::*member, std::optional<std::string> fallback, Rule rule,
               std::string meaning) {
    return add(std::move(key), ValueKind::text, member, to_value(fallback), "", std::move(rule), std::move(meaning));
  }
  Schema& date(std::string key, Date T::*member, std::optional<Date> fallback, std::string meaning) {
    return add(std::move(key), ValueKind::date, member, to_value(fallback), "date", any_value(), std::move(meaning));
  }
  Schema& numbers(std::string key, std::vector<double> T::*member, std::optional<std::vector<double>> fallback,
                  std::string unit, Rule rule, std::string meaning) {
    return add(std::move(key), ValueKind::numbers, member, to_value(fallback), std::move(unit), std::move(rule),
               std::move(meaning));
  }

  /// A parameter whose value is one of an enumeration's names. `names[i]` is the name of the enumerator whose
  /// underlying value is i (enumerators numbered 0, 1, … in declaration order): the one list of names, declared
  /// beside the enumeration, that reads, writes, checks and documents it.
  template <class E, std::size_t N>
  Schema& choice(std::string key, E T::*member, std::type_identity_t<std::optional<E>> fallback,
                 const std::array<std::string_view, N>& names, std::string meaning) {
    static_assert(std::is_enum_v<E>);
    const std::vector<std::string> choices(names.begin(), names.end());
    node_->fields.push_back(SchemaNode::Field{
        std::move(key), ValueKind::text,
        fallback ? std::optional<Value>(std::string(names[static_cast<std::size_t>(*fallback)])) : std::nullopt, "",
        one_of(choices), std::move(meaning),
        [member, names](const void* object) -> Value {
          return std::string(names[static_cast<std::size_t>(static_cast<const T*>(object)->*member)]);
        },
        [member, names](void* object, const Value& value) {
          const auto& name = std::get<std::string>(value);
          const auto found = std::find(names.begin(), names.end(), name);
          if (found == names.end()) throw std::logic_error("no enumerator is named " + name);
          static_cast<T*>(object)->*member = static_cast<E>(found - names.begin());
        }});
    return *this;
  }

  /// Declares where the value of the parameter declared last comes from (a citation). A numeric or boolean
  /// default declared without one is documented as an assumption.
  Schema& source(std::string citation) {
    if (node_->fields.empty()) throw std::logic_error("source() follows the declaration of a parameter");
    node_->fields.back().source = std::move(citation);
    return *this;
  }

  /// Declares that the parameter declared last holds for the whole run — it is read before the run starts (to
  /// build the simulated world, say) or after it ends — and why: a dated change of it would do nothing, so it
  /// is refused with `why`.
  Schema& fixed(std::string why) {
    if (node_->fields.empty()) throw std::logic_error("fixed() follows the declaration of a parameter");
    node_->fields.back().fixed = std::move(why);
    return *this;
  }
  /// Declares every parameter declared so far at this level fixed for the run (see fixed()).
  Schema& all_fixed(const std::string& why) {
    for (auto& field : node_->fields) field.fixed = why;
    return *this;
  }

  using Setting = std::vector<std::pair<std::string, std::string>>;

  /// Declares that raising the parameter declared last from `low` to `high` (TOML text) raises the headline
  /// outcome `outcome`, with the other parameters of `setting` (dotted key, TOML value) — a condition the claim needs,
  /// said in `condition` when the setting alone does not say it.
  Schema& raises(std::string outcome, std::string low, std::string high, Setting setting = {},
                 std::string condition = {}) {
    return effect({Effect::Direction::raises, std::move(outcome), std::move(condition), std::move(low), std::move(high),
                   std::move(setting)});
  }
  /// As raises(), for an outcome that falls.
  Schema& lowers(std::string outcome, std::string low, std::string high, Setting setting = {},
                 std::string condition = {}) {
    return effect({Effect::Direction::lowers, std::move(outcome), std::move(condition), std::move(low), std::move(high),
                   std::move(setting)});
  }
  /// Declares that the parameter declared last changes no outcome between `low` and `high` (with `setting`), and
  /// why; without values the claim is not run (a label, a file name).
  Schema& inert(std::string why, std::string low = {}, std::string high = {}, Setting setting = {}) {
    return effect({Effect::Direction::none, "", std::move(why), std::move(low), std::move(high), std::move(setting)});
  }

  /// Declares that the parameter declared last changes `outcome` between `low` and `high` (with `setting`) by no
  /// more than the noise of the random draws it shifts, and why no more.
  Schema& within_noise(std::string outcome, std::string why, std::string low, std::string high, Setting setting = {}) {
    return effect({Effect::Direction::within_noise, std::move(outcome), std::move(why), std::move(low), std::move(high),
                   std::move(setting)});
  }

  /// A key that is a parameter no more: reading or setting it is refused with `explanation` (what replaced it).
  Schema& retired(std::string key, std::string explanation) {
    node_->retired.emplace(std::move(key), std::move(explanation));
    return *this;
  }

  /// A nested table `[key]`, always present (its fields take their defaults when absent).
  template <class S>
  Schema& section(std::string key, S T::*member, const Schema<S>& schema, std::string meaning) {
    node_->sections.push_back(SchemaNode::Section{
        std::move(key), std::move(meaning), schema.node(),
        [member](void* object) -> void* { return &(static_cast<T*>(object)->*member); },
        [member](const void* object) -> const void* { return &(static_cast<const T*>(object)->*member); }});
    return *this;
  }

  /// An array of tables `[[key]]`.
  template <class S>
  Schema& list(std::string key, std::vector<S> T::*member, const Schema<S>& schema, std::string meaning) {
    return add_list(std::move(key), member, schema, std::move(meaning), false);
  }

  /// An array of tables `[[key]]` that always has an element: it may be written as one table `[key]` (a list of
  /// that element), and with neither it is one element of defaults. While it has one element a key may leave the
  /// element out (`key.field`, as for a section); with several such a key is refused, naming their codes. In a
  /// variant, a `[key]` table or element without a code amends the base's only element (refused when the base
  /// has several).
  template <class S>
  Schema& one_or_more(std::string key, std::vector<S> T::*member, const Schema<S>& schema, std::string meaning) {
    return add_list(std::move(key), member, schema, std::move(meaning), true);
  }

  std::shared_ptr<const SchemaNode> node() const { return node_; }
  T defaults() const {
    T object{};
    node_->apply_defaults(&object);
    return object;
  }

 private:
  template <class S>
  Schema& add_list(std::string key, std::vector<S> T::*member, const Schema<S>& schema, std::string meaning,
                   bool one_or_more) {
    node_->lists.push_back(SchemaNode::List{
        std::move(key), std::move(meaning), one_or_more, schema.node(),
        [member](const void* object) { return (static_cast<const T*>(object)->*member).size(); },
        [member, node = schema.node()](void* object, std::size_t n) {
          auto& items = static_cast<T*>(object)->*member;
          items.resize(n);
          for (auto& item : items) node->apply_defaults(&item);
        },
        [member](void* object, std::size_t i) -> void* { return &(static_cast<T*>(object)->*member)[i]; },
        [member](const void* object, std::size_t i) -> const void* {
          return &(static_cast<const T*>(object)->*member)[i];
        }});
    return *this;
  }

  Schema& effect(Effect claim) {
    if (node_->fields.empty()) throw std::logic_error("an effect follows the declaration of a parameter");
    node_->fields.back().effects.push_back(std::move(claim));
    return *this;
  }

  template <class V>
  static std::optional<Value> to_value(const std::optional<V>& v) {
    return v ? std::optional<Value>(Value(*v)) : std::nullopt;
  }

  template <class M>
  Schema& add(std::string key, ValueKind kind, M T::*member, std::optional<Value> fallback, std::string unit, Rule rule,
              std::string meaning) {
    if (fallback && rule.check) {
      if (auto problem = rule.check(*fallback)) throw std::logic_error("default of " + key + " breaks its rule: " + *problem);
    }
    node_->fields.push_back(SchemaNode::Field{
        std::move(key), kind, std::move(fallback), std::move(unit), std::move(rule), std::move(meaning),
        [member](const void* object) -> Value { return Value(static_cast<const T*>(object)->*member); },
        [member](void* object, const Value& value) { static_cast<T*>(object)->*member = std::get<M>(value); }});
    return *this;
  }

  std::shared_ptr<SchemaNode> node_;
};

/// A number as TOML writes a float: its shortest exact form, with `.0` when it would read as an integer.
std::string toml_number(double value);

/// A command-line style override: a dotted key and a value in TOML syntax (`3`, `0.5`, `"greedy"`, `2020-09-01`).
/// In a list of tables, an element is addressed by its `code` (`territory.15.caseworkers`) or by its 0-based
/// position in brackets (`event[0].date`, `territory[14].caseworkers`); a code is never read as a position.
struct Override {
  std::string key;
  std::string value;
  std::string option = "--set";  ///< how the user gave it, for error messages (`--set`, `--vary`)
};

/// Reads TOML text into `object` following `schema`, after applying `overrides`. Unknown keys, wrong types,
/// values breaking their rule, missing required keys and syntax errors all throw ScenarioError naming the file
/// (or the override), line, column and key.
///
/// A top-level `base = "other.toml"` (relative to the file) makes the file a variant: it is read over its base,
/// tables merging key by key and list elements merging by their `code` (elements with a new code are appended).
/// When `locations` is given, it receives the source of every value read.
void read_toml(std::string_view text, const std::filesystem::path& file, const SchemaNode& schema, void* object,
               const std::vector<Override>& overrides = {}, SourceMap* locations = nullptr);

/// Reads TOML text that is no file, like read_toml, `name` standing for the file in error messages. A top-level
/// `base` is refused with a ScenarioError (there is no folder to find it in): nothing is read from disk.
void read_toml_text(std::string_view text, const std::string& name, const SchemaNode& schema, void* object,
                    const std::vector<Override>& overrides = {}, SourceMap* locations = nullptr);

/// Reads a TOML file; a missing or unreadable file is a ScenarioError too.
void read_toml_file(const std::filesystem::path& path, const SchemaNode& schema, void* object,
                    const std::vector<Override>& overrides = {}, SourceMap* locations = nullptr);

/// The fully resolved object as TOML text: every parameter, defaults included, in declaration order.
std::string write_toml(const SchemaNode& schema, const void* object);

/// A parameter that cannot change during a run (Schema::fixed) on which two objects disagree.
struct FixedDifference {
  std::string key;      ///< dotted, a list element by its code (`territory.15.population`) or position (`event[0]`)
  std::string base;     ///< its value in the first object, TOML text (a list: its length)
  std::string changed;  ///< in the second
};
/// The first fixed parameter, in declaration order, on which `base` and `changed` (objects of `schema`)
/// disagree, outside the top-level sections and lists named in `skipped`; nullopt when they agree on all. Lists of
/// different lengths disagree at the list's key.
std::optional<FixedDifference> first_fixed_difference(const SchemaNode& schema, const void* base, const void* changed,
                                                      const std::vector<std::string>& skipped = {});

/// Sets a numeric or boolean parameter of `object` by dotted key, list elements addressed by code or by
/// bracketed position as for overrides. Integers must be given an integral value, flags 0 or 1; the field's rule applies.
/// Throws ScenarioError (located at `origin`) when the key names no such parameter or the value is refused.
void set_number(const SchemaNode& schema, void* object, std::string_view key, double value, const SourceLocation& origin);

/// The value of a parameter of `object` by dotted key, list elements addressed by code or bracketed position as
/// for set_number (`origin.caseworkers`, `territory.15.name`). Throws ScenarioError (located at `origin`) when the
/// key names no parameter.
Value get_value(const SchemaNode& schema, const void* object, std::string_view key, const SourceLocation& origin);

/// Which value of which object a key names, whatever its spelling (`territory.15.x` and `territory[14].x` when
/// territory 15 is at position 14): two keys name the same parameter exactly when their addresses are equal.
struct ParameterAddress {
  const SchemaNode::Field* field = nullptr;
  const void* holder = nullptr;  ///< the object (or list element) holding the field
  friend bool operator==(const ParameterAddress&, const ParameterAddress&) = default;
};

/// The address of the parameter `key` names in `object`. Throws ScenarioError (located at `origin`) when the key
/// names none.
ParameterAddress address_of(const SchemaNode& schema, const void* object, std::string_view key, const SourceLocation& origin);

/// Markdown table of every parameter in the schema.
std::string describe_markdown(const SchemaNode& schema);

template <class T>
T read_toml_file(const std::filesystem::path& path, const Schema<T>& schema, const std::vector<Override>& overrides = {},
                 SourceMap* locations = nullptr) {
  T object = schema.defaults();
  read_toml_file(path, *schema.node(), &object, overrides, locations);
  return object;
}

}  // namespace emile::sim
