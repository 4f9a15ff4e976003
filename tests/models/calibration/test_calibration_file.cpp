#include "emile/models/calibration/calibration_file.hpp"

#include "emile/models/results/file_kinds.hpp"
#include "emile/models/results/results_io.hpp"
#include "support/temp_dir.hpp"
#include "tiny_scenario.hpp"

#include <gtest/gtest.h>

namespace {

using namespace emile;

models::CalibrationResult small_calibration() {
  const auto scenario = models::testing::tiny_scenario();
  models::CalibrationOptions options;
  options.particles = 30;
  options.generations = 2;
  options.seed = 2;
  return models::calibrate(scenario, models::testing::tiny_targets(scenario, 100, 90), options);
}

}  // namespace

TEST(CalibrationFile, holds_the_calibrate_kind_and_gives_back_the_last_generation) {
  const emile::testing::TempDir dir;
  const auto path = dir.path() / "posterior.h5";
  const auto result = small_calibration();
  models::write_calibration(path, "emile calibrate tiny.toml --targets t.toml", result);

  const auto info = models::read_results_info(path);
  EXPECT_EQ(info.kind->analysis, "calibrate");
  EXPECT_EQ(info.schema_version, models::results_schema_version);
  for (const auto& [table, rows] : info.table_rows) {
    if (table == "/calibration/particles") EXPECT_EQ(rows, 60u);
    if (table == "/calibration/generations") EXPECT_EQ(rows, 2u);
    if (table == "/calibration/targets") EXPECT_EQ(rows, 2u);
  }

  const auto posterior = models::read_posterior(path);
  EXPECT_EQ(posterior.keys, result.keys);
  EXPECT_EQ(posterior.particles, result.abc.generations.back().particles);
  double total = 0;
  for (std::size_t i = 0; i < posterior.weights.size(); ++i) {
    EXPECT_NEAR(posterior.weights[i], result.abc.generations.back().weights[i], 1e-12);
    total += posterior.weights[i];
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(CalibrationFile, a_posterior_is_read_only_from_a_calibration) {
  const emile::testing::TempDir dir;
  EXPECT_THROW(models::read_posterior(dir.path() / "missing.h5"), sim::ResultsFileError);
}
