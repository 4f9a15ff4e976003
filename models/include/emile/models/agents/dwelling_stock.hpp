#pragma once
// A territory's whole housing stock at dwelling level: every main residence and every vacant dwelling.
//
// Event-driven: each step, the number of dwellings that turn over (occupied → vacant) and that local demand
// takes (vacant → occupied) are binomial draws, and only those dwellings are touched; a step's cost grows with
// the dwellings that change, not with the size of the stock. Memory: 8 bytes per dwelling plus 8 bytes of
// indexing (see sim::IndexedPartition).
//
// At rest: the stock starts from the territory's INSEE counts, a share of its vacant dwellings structurally
// vacant (structural_vacancy_share), and local demand for each tenure is derived from stationarity under the
// turnover rates in force at the start — the expected number of lettings in a step equals the expected number
// of dwellings falling vacant — so that with no programme the expected vacancy stays where it starts.
//
// Copies: the dwellings' fixed attributes (commune, rooms, rent, tenure) never change once drawn, so copies of a
// stock share them, read-only; each copy owns only the dwellings' states. A replication starts from a copy of its
// world's stock (StartingMarkets) instead of drawing one.
//
// Settings: the stock keeps none. Like LabourMarket, every call that needs them takes the territory's settings and
// the scenario's housing settings in force at that call, so a dated event that changes them (e.g.
// `territory.15.reserved_dwellings`) acts from the next call on.
#include "emile/models/scenario/scenario.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/indexed_partition.hpp"
#include "emile/sim/random_stream.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace emile::models {

/// One dwelling, packed in 8 bytes.
struct Dwelling {
  std::uint16_t commune = 0;   ///< index in the territory's commune graph
  std::uint16_t rent_eur = 0;  ///< monthly rent, euros (social dwellings only: private ones carry none)
  std::uint8_t rooms = 1;      ///< 1–6
  bool social = false;         ///< social (HLM) rather than private
  bool structural = false;     ///< structurally vacant when vacant: local demand never takes it
  std::uint8_t unused = 0;
};
static_assert(sizeof(Dwelling) == 8);

/// What a dwelling is doing. Each dwelling is in exactly one state.
enum class DwellingState : std::uint8_t {
  occupied_social,
  occupied_private,
  vacant_social,
  vacant_private,
  structural_social,   ///< vacant, outside the local market
  structural_private,  ///< vacant, outside the local market
  reserved,            ///< vacant social dwelling reserved for the programme
  programme,           ///< held or occupied by a programme household
};
inline constexpr std::size_t dwelling_state_count = 8;

/// The share of a territory's vacant dwellings that are structurally vacant (never let locally): those beyond
/// the frictional vacancy a market needs to turn over, max(0, 1 − frictional rate × dwellings ÷ vacant); 0 when
/// the territory has no vacant dwelling.
double structural_vacancy_share(const TerritorySettings& territory);

class DwellingStock {
 public:
  /// Generates `main_residences` occupied and `vacant_dwellings` vacant dwellings, placed in communes in
  /// proportion to `occupied_by_commune` and `vacant_by_commune` (weights per commune of the territory's graph,
  /// not all zero when dwellings of that kind are to be placed), with rooms, tenure and rent drawn from `housing` (stream keyed by
  /// territory), each vacant one structural with probability structural_vacancy_share(territory); fills the
  /// programme's reservation; then derives local demand for steps of `step_years` (see local_demand_per_year).
  DwellingStock(const TerritorySettings& territory, const HousingSettings& housing,
                std::span<const double> occupied_by_commune, std::span<const double> vacant_by_commune,
                double step_years, sim::StreamSeed seed, std::uint32_t territory_index);

  /// One step of the local market: turnover at the rates of `housing`, lettings at the derived local demand,
  /// then the reservation is topped up to `territory.reserved_dwellings` from vacant social dwellings. Draws from
  /// the stream keyed by (territory, step).
  void step(const TerritorySettings& territory, const HousingSettings& housing, double step_years, sim::Step step,
            sim::StreamSeed seed);

  /// The rate (1/year) at which local demand takes a vacant, non-structural dwelling of a tenure, derived at
  /// construction so that a step's expected lettings equal its expected turnover: with per-step probabilities
  /// p = 1 − e^(−rate × step), p_let × vacant = p_turnover × occupied. Infinite (every such dwelling let within
  /// the step) when the tenure starts with occupied dwellings and no vacant one; 0 when it has no occupied one.
  double local_demand_per_year(bool social) const { return local_demand_per_year_[social ? 1 : 0]; }

  std::size_t size() const { return dwellings_->size(); }
  const Dwelling& dwelling(std::uint32_t id) const { return dwellings_->at(id); }
  DwellingState state(std::uint32_t id) const { return static_cast<DwellingState>(states_.class_of(id)); }
  std::size_t count(DwellingState state) const { return states_.size(static_cast<std::size_t>(state)); }
  /// Vacant dwellings of every kind (reserved included).
  std::size_t vacant() const;
  /// The dwellings reserved for the programme, free to be matched.
  const std::vector<std::uint32_t>& reserved() const { return states_.members(static_cast<std::size_t>(DwellingState::reserved)); }

  /// A programme household takes a reserved dwelling (at its match). Throws std::logic_error if not reserved.
  void take(std::uint32_t id);
  /// A programme household leaves a dwelling (withdrawal before the move, or return): it goes back to the
  /// reservation while below `territory.reserved_dwellings`, else to the vacant social stock.
  void release(std::uint32_t id, const TerritorySettings& territory);

  /// Heap bytes held, for memory accounting: the states, and the fixed attributes shared with every copy.
  std::size_t bytes() const { return dwellings_->capacity() * sizeof(Dwelling) + states_.bytes(); }

  /// Saves what changes during a run: each dwelling's state and the order of each state's members (which keys
  /// uniform picks). The dwellings' fixed attributes are the world's, rebuilt on restore.
  void save(sim::ArchiveWriter& out) const;
  /// Restores a stock saved by save() from `starting`, the same territory's stock as the run started (its fixed
  /// attributes are shared, not copied). Throws sim::ArchiveError when the archive does not hold a state of it.
  static DwellingStock restore(sim::ArchiveReader& in, const DwellingStock& starting);

 private:
  void set_state(std::uint32_t id, DwellingState state) { states_.assign(id, static_cast<std::size_t>(state)); }
  void top_up_reservation(std::int64_t target, sim::RandomStream& stream);

  std::uint32_t territory_index_ = 0;
  std::array<double, 2> local_demand_per_year_{};  ///< private, social
  std::shared_ptr<const std::vector<Dwelling>> dwellings_;  ///< fixed attributes, shared by copies
  sim::IndexedPartition states_;
};

}  // namespace emile::models
