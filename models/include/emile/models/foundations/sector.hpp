#pragma once
// Economic sectors in which households have skills and employers hire.
#include <array>
#include <cstdint>
#include <string_view>

namespace emile::models {

enum class Sector : std::uint8_t { construction, agriculture, care, hospitality, industry, logistics, retail, services };

inline constexpr std::size_t sector_count = 8;

constexpr std::string_view name(Sector sector) {
  constexpr std::array<std::string_view, sector_count> names = {
      "construction", "agriculture", "care", "hospitality", "industry", "logistics", "retail", "services"};
  return names[static_cast<std::size_t>(sector)];
}

/// Contract types of a vacancy and of the job spell it becomes.
enum class Contract : std::uint8_t { permanent, fixed_term, seasonal, training };

inline constexpr std::size_t contract_count = 4;

constexpr std::string_view name(Contract contract) {
  constexpr std::array<std::string_view, contract_count> names = {"permanent", "fixed_term", "seasonal", "training"};
  return names[static_cast<std::size_t>(contract)];
}

}  // namespace emile::models
