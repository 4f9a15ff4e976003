#pragma once
// The random-stream purposes of the EMILE model: what each draw decides. They are part of the key of every
// stream (see sim/random_stream.hpp), so two decisions never share numbers, and a decision draws the same
// numbers in two variants of a scenario (common random numbers). Values are stable: append, never renumber.
#include "emile/sim/random_stream.hpp"

namespace emile::models::purpose {

inline constexpr sim::Purpose household_profile = 1;   ///< entity: household; counter: 0
inline constexpr sim::Purpose household_event = 2;     ///< entity: household; counter: its event counter
inline constexpr sim::Purpose referrals = 3;           ///< entity: 0; counter: step
inline constexpr sim::Purpose dwelling_stock = 4;      ///< entity: territory; counter: 0 (initial stock)
inline constexpr sim::Purpose housing_market = 5;      ///< entity: territory; counter: step
inline constexpr sim::Purpose employers = 6;           ///< entity: territory; counter: 0 (initial employers)
inline constexpr sim::Purpose labour_market = 7;       ///< entity: territory; counter: step
inline constexpr sim::Purpose commune_synthesis = 0x434F4D4Du;  ///< "COMM"; entity: hash of the département code
/// The vacancies open when a run starts (LabourMarket at rest); entity: territory; counter: 0.
inline constexpr sim::Purpose labour_market_start = 11;
/// The Morris design of `emile sensitivity` (replication 0 of the run's seed); entity: trajectory; counter: 0.
inline constexpr sim::Purpose sensitivity_design = 10;
/// The stream seed a calibration's proposal simulates with (`emile calibrate`, replication 0 of its seed); entity:
/// generation; counter: proposal.
inline constexpr sim::Purpose calibration_simulation = 12;
/// The posterior particle a predictive check's replication runs with (`emile check --posterior`, replication 0 of
/// the check's seed); entity: replication; counter: 0.
inline constexpr sim::Purpose posterior_draw = 13;
/// The bootstrap of Morris statistics (replication 0 of the run's seed); entity: lever · outcomes + outcome;
/// counter: resample.
inline constexpr sim::Purpose sensitivity_bootstrap = 14;
/// The bootstrap of steady-state relocation rates (`emile capacity`, replication 0 of its seed); entity: the
/// territory row (0: the programme); counter: 0.
inline constexpr sim::Purpose capacity_bootstrap = 15;

}  // namespace emile::models::purpose
