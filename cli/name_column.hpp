#pragma once
// Outcome tables printed on the terminal: the width of their left column of names.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace emile::cli {

/// Characters of a left-aligned column holding `heading` and `names`: 28 at least (short names keep the usual
/// layout), more when a name is longer, so that every row's figures line up.
inline int name_width(const std::vector<std::string>& names, std::string_view heading) {
  std::size_t width = std::max<std::size_t>(28, heading.size());
  for (const auto& name : names) width = std::max(width, name.size());
  return static_cast<int>(width);
}

}  // namespace emile::cli
