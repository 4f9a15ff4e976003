#include "emile/models/pathway/resource_levels.hpp"

namespace emile::models {

ResourceLevels origin_resources(const OriginRegion& origin, std::span<const Household> households) {
  ResourceLevels r;
  r.caseworkers = origin.settings().caseworkers;
  r.caseworker_capacity = origin.capacity();
  r.caseworker_load = origin.slots_used;
  r.caseworker_queue = origin.queue.count_waiting(households);
  return r;
}

ResourceLevels host_resources(const HostTerritory& territory, std::span<const Household> households) {
  ResourceLevels r;
  r.caseworkers = territory.settings().caseworkers;
  r.caseworker_capacity = territory.caseworker_capacity();
  r.caseworker_load = territory.followed;
  r.caseworker_queue = territory.move_queue.count_waiting(households);
  r.immersion_queue = territory.immersion_queue.count_waiting(households);
  r.open_vacancies = static_cast<std::int64_t>(territory.labour.open_count());
  r.programme_vacancies = static_cast<std::int64_t>(territory.labour.visible().size());
  r.vacant_dwellings = static_cast<std::int64_t>(territory.housing.vacant());
  r.reserved_dwellings = static_cast<std::int64_t>(territory.housing.reserved().size());
  return r;
}

}  // namespace emile::models
