#pragma once
// Messages of the foundations' argument checks: `field = value: rule`, thrown as std::invalid_argument.
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace emile::models {

/// Throws std::invalid_argument("`field` = `value`: `rule`") unless `condition` holds.
inline void require(bool condition, const std::string& field, const std::string& value, const std::string& rule) {
  if (!condition) throw std::invalid_argument(field + " = " + value + ": " + rule);
}

/// A number as a message shows it (shortest stream form).
inline std::string to_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// `text` in double quotes, for messages.
inline std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace emile::models
