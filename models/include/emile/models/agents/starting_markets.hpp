#pragma once
// Every host territory's housing stock and labour market as a run starts: the dwellings with their fixed
// attributes and initial states, the employers, and the vacancies open at the start (both markets at rest). Built
// once: a replication starts from copies (HostTerritory), which share the dwellings' fixed attributes and own
// what changes — or, when the replication drew the markets for itself alone, from the markets themselves, moved.
//
// Which streams draw it — the run's world (`run.world`): `shared`, one world from streams keyed by the seed alone,
// the same for every replication; `per_replication`, each replication's own from streams keyed by the seed and
// the replication. Either way it also depends on the parameters the two markets read when they are built (the
// territories' figures, [housing], [labour]) and on the run's calendar; a scenario that differs in any of them
// needs its own.
#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/labour_market.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/executor.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace emile::models {

/// The replication key of a shared world's streams: no replication has it (run.replications ≤ 100,000).
inline constexpr std::uint32_t shared_world_key = 0xFFFFFFFF;

/// The stream seed replication `replication` of a run seeded `seed` draws its world from (see run.world).
sim::StreamSeed world_seed(const RunSettings& run, std::uint64_t seed, std::uint32_t replication);

/// What the starting markets are drawn from besides the seed, as text: the geography (geography_signature), every
/// parameter of [housing], [labour] and of each territory, the run's calendar and world draw. Scenarios with equal
/// signatures, run with one seed, start from the same markets.
std::string world_signature(const Scenario& scenario);

struct StartingMarkets {
  /// Draws every territory's starting markets on the communes of `geography`, in parallel on `executor`, from the
  /// streams of `seed` (see world_seed), for a run of `scenario` on `clock` of `steps` steps.
  StartingMarkets(const Scenario& scenario, const Geography& geography, const sim::Clock& clock, sim::Step steps,
                  sim::StreamSeed seed, const sim::Executor& executor);

  std::vector<DwellingStock> housing;  ///< by territory, in the scenario's order
  std::vector<LabourMarket> labour;
};

}  // namespace emile::models
