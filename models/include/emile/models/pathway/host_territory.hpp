#pragma once
// A host territory within one replication: its housing stock and labour market, its commune graph, and its share
// of the programme — the households in its pipeline and those its caseworkers follow, this month's immersion
// visits, its queues and the households committed to it.
//
// Settings: a territory's settings are kept in one place, the simulation's scenario, which dated `set` events
// change as the run goes (and fork() replaces). A HostTerritory reads them there, through settings(), whenever it
// needs them and hands them to its markets at every call; it keeps no copy.
#include "emile/models/agents/dwelling_stock.hpp"
#include "emile/models/agents/geography.hpp"
#include "emile/models/agents/labour_market.hpp"
#include "emile/models/pathway/household_queue.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace emile::models {

/// Whether host `territory` takes proposals in `step` by its dates: it has joined (its join date falls in that
/// step or before) and not left (its leave date falls after that step).
bool within_dates(const TerritorySettings& territory, sim::Step step, const sim::Clock& clock);

/// Whether host `territory`, with these settings, is closed over steps [first, last]: open for proposals at none
/// of them — not within its dates at any, or a pipeline capacity of 0. The one meaning of a territory closed over
/// a window, wherever one is left out.
bool closed_over(const TerritorySettings& territory, sim::Step first, sim::Step last, const sim::Clock& clock);

class HostTerritory {
 public:
  /// Host territory `index` of `scenario` with these markets (copies of the world's starting markets, or restored
  /// ones) on `graph`, with an empty programme share. `scenario` is the simulation's, read as it stands whenever
  /// the territory needs its settings: it must outlive the territory.
  HostTerritory(const Scenario& scenario, std::size_t index, DwellingStock housing, LabourMarket labour,
                std::shared_ptr<const CommuneGraph> graph);
  HostTerritory(const HostTerritory&) = delete;
  HostTerritory& operator=(const HostTerritory&) = delete;

  /// The territory's settings as they stand now (dated events included).
  const TerritorySettings& settings() const { return scenario_.territories[index_]; }
  /// Whether the territory takes proposals in `step` by its dates (within_dates).
  bool within_dates(sim::Step step, const sim::Clock& clock) const { return models::within_dates(settings(), step, clock); }
  /// Whether its pipeline — households from the proposal to the move — is at capacity.
  bool pipeline_full() const { return pipeline >= settings().pipeline_capacity; }
  /// Households its caseworkers can follow at once.
  std::int64_t caseworker_capacity() const { return settings().caseworkers * settings().caseload; }

  /// One step of both markets on `clock`, with the settings in force. `hiring_factor` scales the labour market's
  /// openings (1 outside lockdowns).
  void step_markets(const sim::Clock& clock, double hiring_factor, sim::Step step, sim::StreamSeed seed);
  /// A programme household gives back the dwelling it held (see DwellingStock::release).
  void release_dwelling(std::uint32_t dwelling) { housing.release(dwelling, settings()); }

  /// Visits count per month: the count starts afresh when `month` (sim::Clock::quota_month) is a new one.
  void start_visit_month(std::int32_t month);
  /// Whether this month's immersion-visit slots, scaled by `factor` (a lockdown's; rounded down), are not all used.
  bool visit_slot_free(double factor) const {
    return visits_this_month < static_cast<std::int64_t>(static_cast<double>(settings().immersion_slots_per_month) * factor);
  }

  DwellingStock housing;
  LabourMarket labour;
  std::shared_ptr<const CommuneGraph> graph;
  std::int64_t pipeline = 0;           ///< households from the proposal to the move
  std::int64_t followed = 0;           ///< households followed by the territory's caseworkers
  std::int32_t quota_month = -1;       ///< the month visits_this_month counts (sim::Clock::quota_month)
  std::int64_t visits_this_month = 0;
  HouseholdQueue immersion_queue{Stage::proposed};  ///< ready for a visit, waiting for a slot
  HouseholdQueue move_queue{Stage::matched};        ///< ready to move, waiting for a caseworker
  std::vector<std::uint32_t> committed;  ///< in order of commitment; households no longer committed are skipped

 private:
  const Scenario& scenario_;
  std::size_t index_;
};

/// The host territories of a replication, in the scenario's order.
using HostTerritories = std::vector<std::unique_ptr<HostTerritory>>;

}  // namespace emile::models
