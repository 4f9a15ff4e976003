#pragma once
// A calibration's results file (`emile calibrate -o posterior.h5`, analysis `calibrate`) and the posterior read
// back from it (`emile check --posterior`).
#include "emile/models/calibration/calibration.hpp"
#include "emile/models/ensemble/posterior.hpp"
#include "emile/sim/results_file.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emile::models {

/// The tables of a calibration, as written and as Python receives them (see results/tables.hpp).
sim::Table parameters_table(const CalibrationResult& result);
sim::Table generations_table(const CalibrationResult& result);
sim::Table particles_table(const CalibrationResult& result);
sim::Table targets_table(const CalibrationResult& result);

/// Writes the calibration atomically (as write_results): the provenance (seed: the calibration's; replications:
/// its replicates), the root attributes of the `calibrate` kind, `/scenario` and `/targets` (TOML) and the tables
/// `/calibration/parameters`, `/calibration/generations`, `/calibration/particles` and `/calibration/targets`.
/// Throws sim::ResultsFileError; Cancelled when `cancel` has become true before the rename.
void write_calibration(const std::filesystem::path& path, std::string_view invocation, const CalibrationResult& result,
                       const std::atomic<bool>* cancel = nullptr);

/// Reads the posterior of a calibration file. Throws sim::ResultsFileError when the file is no complete
/// calibration file (check_results_layout) or holds no generation.
Posterior read_posterior(const std::filesystem::path& path);

}  // namespace emile::models
