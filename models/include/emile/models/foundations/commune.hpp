#pragma once
// A commune — a vertex of a host territory's commune graph — and the rule that makes some communes hubs (service
// towns with public transport).
//
// Units: populations in inhabitants, coordinates in WGS84 decimal degrees.
#include <cstdint>
#include <string>
#include <vector>

namespace emile::models {

/// One commune: a vertex of the commune graph.
struct Commune {
  std::string code;            ///< INSEE code (e.g. "15014"), or "<dép>-<rank>" for a synthetic commune
  std::string name;            ///< official name, UTF-8
  std::int64_t population = 0; ///< inhabitants (census 2021 for real communes)
  double latitude = 0;         ///< WGS84 decimal degrees
  double longitude = 0;        ///< WGS84 decimal degrees
  bool hub = false;            ///< a service town with public transport (see `HubRule`)
};

/// Which communes are hubs: service towns with public transport (a railway station or a regular bus line,
/// shops, public services).
///
/// A commune is a hub when its population is at least `min_population`, or when it is among the
/// `min_count` most populous communes of its département. 5,000 inhabitants is a small town, which in
/// the pilot départements usually has a railway station or a regular coach line (a modelling assumption,
/// to be adjusted per territory); the count rule guarantees that even the most rural département (Lozère
/// has a single commune above 5,000) keeps its préfecture and its main sous-préfectures as service towns.
/// Ties in population are broken by the order of the communes (the communes file is sorted by code).
struct HubRule {
  std::int64_t min_population = 5000;  ///< inhabitants; ≥ 0
  int min_count = 3;                   ///< the largest communes that are always hubs; ≥ 1
};

/// Sets `Commune::hub` on every commune of one département according to `rule` (clears it elsewhere).
/// Throws std::invalid_argument if the rule is invalid.
void mark_hubs(std::vector<Commune>& communes, const HubRule& rule = {});

}  // namespace emile::models
