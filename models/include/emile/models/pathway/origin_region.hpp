#pragma once
// An origin within one replication: the households of its eligible pool (ids first … end − 1, drawn when the run
// starts), the next of them to be referred, its caseworkers' slots and the referred households waiting for one.
//
// Settings: as for a HostTerritory, an origin's settings stay in the simulation's scenario, which dated `set`
// events change (its caseworkers, its referral rate); an OriginRegion reads them there whenever it needs them.
#include "emile/models/pathway/household_queue.hpp"
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"

#include <cstdint>
#include <vector>

namespace emile::models {

class OriginRegion {
 public:
  /// Origin `index` of `scenario`, whose pool holds households [first, end), none referred yet. `scenario` is the
  /// simulation's: it must outlive the origin.
  OriginRegion(const Scenario& scenario, std::size_t index, std::uint32_t first, std::uint32_t end)
      : first(first), end(end), next_eligible(first), scenario_(&scenario), index_(index) {}

  /// The origin's settings as they stand now (dated events included).
  const OriginSettings& settings() const { return scenario_->origins[index_]; }
  /// The step it refers from: the one holding its join date, or the run's first.
  sim::Step first_step(const sim::Clock& clock) const;
  /// Households its caseworkers can follow at once.
  std::int64_t capacity() const { return settings().caseworkers * settings().caseload; }

  std::uint32_t first;          ///< its first household's id
  std::uint32_t end;            ///< one past its last household's id
  std::uint32_t next_eligible;  ///< the next household of its pool to be referred (end: none left)
  std::int64_t slots_used = 0;  ///< households its caseworkers follow
  HouseholdQueue queue{Stage::referred};  ///< referred, intake done, waiting for a caseworker slot

 private:
  const Scenario* scenario_;
  std::size_t index_;
};

/// The origins of a replication, in the scenario's order.
using OriginRegions = std::vector<OriginRegion>;

}  // namespace emile::models
