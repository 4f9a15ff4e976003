#pragma once
// The programme's resources at the end of a step, per territory row (the origins, then the hosts): what
// the recorder writes as the resource metrics (docs/output-format.md) and the Python bindings return.
#include "emile/models/pathway/host_territory.hpp"
#include "emile/models/pathway/pathway.hpp"

#include <cstdint>

namespace emile::models {

/// Resource levels of one territory row at the end of a step.
struct ResourceLevels {
  std::int64_t caseworkers = 0;          ///< caseworkers in post
  std::int64_t caseworker_capacity = 0;  ///< households the caseworkers can follow at once
  std::int64_t caseworker_load = 0;      ///< households followed
  std::int64_t caseworker_queue = 0;     ///< households waiting for a caseworker
  std::int64_t immersion_queue = 0;      ///< households ready for a visit, waiting for a slot
  std::int64_t open_vacancies = 0;
  std::int64_t programme_vacancies = 0;  ///< open vacancies offered to the programme
  std::int64_t vacant_dwellings = 0;
  std::int64_t reserved_dwellings = 0;
};

/// An origin's levels: its caseworkers, the households they follow and the referred households waiting for one.
ResourceLevels origin_resources(const OriginRegion& origin, std::span<const Household> households);

/// A host territory's levels: caseworkers, queues, and its markets' vacancies and vacant dwellings.
ResourceLevels host_resources(const HostTerritory& territory, std::span<const Household> households);

}  // namespace emile::models
