#pragma once
// A calibrated scenario (`emile calibrate --write-scenario FILE`): a variant of the calibrated scenario file that
// sets each uncertain parameter to its posterior median and names the posterior it came from, so that a run of it
// uses the calibrated values, and a run with `--posterior` the whole posterior.
#include "emile/models/calibration/calibration.hpp"

#include <filesystem>
#include <string>

namespace emile::models {

/// The variant's TOML: `base` = the scenario file, relative to `file`'s folder; a comment naming `posterior` and
/// the command that made it; each uncertain parameter at the weighted median of the last generation (integers
/// rounded), under its table (`[pathway]`; the only origin's `[origin]`; an `[[origin]]` or a `[[territory]]` by
/// its code). Throws sim::ScenarioError (key
/// `uncertain`) for a key such a variant cannot set (an event's, or a list element by position).
std::string calibrated_scenario(const CalibrationResult& result, const std::filesystem::path& file,
                                const std::filesystem::path& posterior, const std::string& invocation);

}  // namespace emile::models
