#pragma once
// Distances on the Earth's surface, in km, from WGS84 decimal degrees.
#include <algorithm>
#include <cmath>
#include <numbers>

namespace emile::models {

/// Mean Earth radius (IUGG), km.
inline constexpr double earth_radius_km = 6371.0088;
/// Km per degree of latitude (and of longitude at the equator).
inline constexpr double km_per_degree = earth_radius_km * std::numbers::pi / 180.0;

inline double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

/// Great-circle distance between two points, km.
inline double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = radians(lat2 - lat1);
  const double dlon = radians(lon2 - lon1);
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(s)));
}

}  // namespace emile::models
