#pragma once
// A scenario inside an archive (a checkpoint, a saved simulation state): the path it was read from and its fully
// resolved TOML, read back as from its own file, so that relative data paths resolve as they did.
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/archive.hpp"

namespace emile::models {

void save_scenario(sim::ArchiveWriter& out, const Scenario& scenario);

/// Reads back what save_scenario wrote. A scenario that no longer reads or can no longer be used (its communes
/// file gone) is blamed on the archive: sim::ArchiveError naming it and the scenario's original file.
Scenario restore_scenario(sim::ArchiveReader& in);

}  // namespace emile::models
