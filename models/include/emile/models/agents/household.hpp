#pragma once
// Households of the eligible pool: who they are (drawn once from the scenario's distributions) and where they
// stand on the pathway.
#include "emile/models/scenario/scenario.hpp"
#include "emile/models/foundations/sector.hpp"
#include "emile/models/foundations/stage.hpp"
#include "emile/sim/calendar.hpp"
#include "emile/sim/random_stream.hpp"

#include <cstdint>

namespace emile::models {

/// Where a household lives before the move.
enum class HousingSituation : std::uint8_t { hotel, shelter, hosted, overcrowded };

/// A household's attributes, drawn once; only the programme's mobility aid changes them (a licence, a car).
struct HouseholdProfile {
  std::uint8_t adults = 1;
  std::uint8_t children = 0;
  Sector skill = Sector::services;
  std::uint8_t qualification = 0;  ///< 0 (none) … 3 (higher education)
  bool licence = false;
  bool car = false;  ///< implies licence
  HousingSituation situation = HousingSituation::hotel;
  float motivation = 0.5f;        ///< 0–1
  float rural_preference = 0.5f;  ///< 0–1

  int persons() const { return adults + children; }
  /// Rooms the household needs: one for the adults plus one per two children.
  int rooms_needed() const { return 1 + (children + 1) / 2; }
};

/// Draws household `id`'s profile from the scenario's distributions, using only the stream keyed by
/// (seed, replication, household purpose, id): the same id always gets the same profile in a replication.
HouseholdProfile draw_profile(const HouseholdSettings& settings, sim::StreamSeed seed, std::uint32_t id);

/// No territory: counts go to the household's origin.
inline constexpr std::int16_t no_territory = -1;
inline constexpr std::int32_t none = -1;

/// A household's state on the pathway. Owned by the Simulation; observers read it.
struct Household {
  HouseholdProfile profile;
  Stage stage = Stage::eligible;
  std::int16_t origin = 0;                ///< index of its origin in the scenario
  std::int16_t territory = no_territory;  ///< host territory index, from the proposal on
  bool visited = false;                   ///< made an immersion visit
  bool employed = false;                  ///< has a job (after the move)
  bool queued = false;                    ///< waiting in a resource queue (caseworker, visit, move)
  bool followed = false;                  ///< followed by a territory caseworker (from the move to follow-up end)
  bool licence_aid = false;               ///< the programme paid it a driving course (mobility_aid.hpp)
  bool car_aid = false;                   ///< the programme helped it to a car
  sim::Step stage_since = 0;              ///< step the current stage was entered
  sim::Step queued_since = 0;             ///< step it joined the queue it waits in (meaningful while `queued`)
  std::uint32_t draws = 0;                ///< per-household event counter: keys the household's random streams
  std::uint32_t version = 0;              ///< bumps when its pending event is replaced
  std::int32_t vacancy = none;            ///< vacancy held from the match to the move
  std::int32_t dwelling = none;           ///< dwelling held from the match on (index in the territory's stock)
  std::int32_t job = none;                ///< current job spell (index in the run's job log)
  // After the move, times are continuous, in steps since the run's start (see life_after_move.cpp).
  double follow_up_ends_at = 0;           ///< when its follow-up ends
  double contract_ends_at = 0;            ///< when its current contract ends (infinite if permanent)
  double next_at = 0;                     ///< when its pending after-move event happens
  std::uint8_t next = 0;                  ///< kind of its pending event (the Simulation's own enumeration)
  bool holds_origin_slot = false;         ///< holds a caseworker slot of its origin
  std::int32_t home_commune = none;       ///< commune of the dwelling it moved into (index in the territory's
                                          ///< commune graph), kept after a return; none before the move
};

}  // namespace emile::models
