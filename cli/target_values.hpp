#pragma once
// Targets' values as `emile calibrate` and `emile check` print them: counts and days as numbers, `first` targets
// as dates.
#include "emile/models/calibration/targets.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace emile::cli {

/// `value` of `target` (in the unit of models::observed_value) as printed; "-" for NaN.
inline std::string target_value_text(const models::Target& target, const models::Scenario& scenario, double value) {
  if (std::isnan(value)) return "-";
  if (target.statistic == models::TargetStatistic::first) {
    return scenario.run.start_date.plus_days(static_cast<std::int32_t>(std::lround(value))).iso();
  }
  char text[64];
  std::snprintf(text, sizeof text, target.statistic == models::TargetStatistic::share ? "%.3f" : "%.1f", value);
  return text;
}

}  // namespace emile::cli
