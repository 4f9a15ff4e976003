#pragma once
// The declaration of every table a results file holds: path, what a row is, and each column's name, type, unit
// and meaning (see sim::TableSchema). The writers build their tables from these (sim::Table(schema) refuses a
// column out of step), the layout check reads files against them, `emile tables` prints them for
// docs/output-format.md and for the checked-in list tests/golden/tables.txt, and the Python package reads its
// DataFrames through them.
#include "emile/sim/table_schema.hpp"

#include <vector>

namespace emile::models::tables {

// `emile run`
const sim::TableSchema& territories();
const sim::TableSchema& communes();
const sim::TableSchema& stages();
const sim::TableSchema& sectors();
const sim::TableSchema& events();
const sim::TableSchema& households();
const sim::TableSchema& jobs();
const sim::TableSchema& outcomes();
const sim::TableSchema& summary();
const sim::TableSchema& origin_host_flows();
const sim::TableSchema& origin_costs();
// `emile compare`
const sim::TableSchema& comparison();
const sim::TableSchema& paired_differences();
const sim::TableSchema& comparison_by_territory();
const sim::TableSchema& comparison_by_origin_host();
// `emile sweep`
const sim::TableSchema& sweep_points();
const sim::TableSchema& sweep_summary();
const sim::TableSchema& sweep_means();
const sim::TableSchema& sweep_quantiles();
// `emile capacity`
const sim::TableSchema& capacity_relocations();
const sim::TableSchema& capacity_resources();
// `emile sensitivity`
const sim::TableSchema& sensitivity_effects();
const sim::TableSchema& sensitivity_design();
// `emile sensitivity --method sobol`
const sim::TableSchema& sobol_indices();
const sim::TableSchema& sobol_design();
// `emile calibrate`
const sim::TableSchema& calibration_parameters();
const sim::TableSchema& calibration_generations();
const sim::TableSchema& calibration_particles();
const sim::TableSchema& calibration_targets();

}  // namespace emile::models::tables
