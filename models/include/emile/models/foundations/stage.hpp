#pragma once
// The pathway's stages and flows: one vocabulary for code, scenario files, result files and docs.
//
// A household is in exactly one stage at any time. A flow is the count of households (and persons) entering
// a stage during a step, named after the stage entered.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace emile::models {

enum class Stage : std::uint8_t {
  eligible,    ///< in the Île-de-France pool, not referred
  referred,    ///< referred to the coordinator, waiting for an Île-de-France caseworker slot
  enrolled,    ///< in the programme: diagnosis and preparation with a caseworker
  proposed,    ///< a host territory proposed, waiting for an immersion visit
  immersed,    ///< visit made, deciding
  committed,   ///< committed to the territory, waiting for a job and a dwelling
  matched,     ///< job and dwelling found, preparing the move
  moved,       ///< living in the territory, followed by a territory caseworker
  settled,     ///< follow-up over, housed and employed
  housed,      ///< follow-up over, housed, not employed
  returned,    ///< end state: went back to Île-de-France
  withdrawn,   ///< end state: left the programme before moving
  ineligible,  ///< end state: found not eligible during enrolment
};

inline constexpr std::size_t stage_count = 13;

inline constexpr std::array<Stage, stage_count> all_stages = {
    Stage::eligible, Stage::referred, Stage::enrolled, Stage::proposed, Stage::immersed,  Stage::committed, Stage::matched,
    Stage::moved,    Stage::settled,  Stage::housed,   Stage::returned, Stage::withdrawn, Stage::ineligible};

/// Stages that can be entered, so that have a flow (every stage but `eligible`).
inline constexpr std::array<Stage, stage_count - 1> flow_stages = {
    Stage::referred, Stage::enrolled, Stage::proposed, Stage::immersed,  Stage::committed, Stage::matched,
    Stage::moved,    Stage::settled,  Stage::housed,   Stage::returned, Stage::withdrawn, Stage::ineligible};

constexpr std::string_view name(Stage stage) {
  constexpr std::array<std::string_view, stage_count> names = {
      "eligible", "referred", "enrolled", "proposed", "immersed",  "committed", "matched",
      "moved",    "settled",  "housed",   "returned", "withdrawn", "ineligible"};
  return names[static_cast<std::size_t>(stage)];
}

/// The stage named `text`, or nullopt.
constexpr std::optional<Stage> parse_stage(std::string_view text) {
  for (const Stage stage : all_stages) {
    if (name(stage) == text) return stage;
  }
  return std::nullopt;
}

/// True for an end state (returned, withdrawn, ineligible): nothing happens to the household any more.
constexpr bool is_final(Stage stage) { return stage >= Stage::returned; }

/// True when a household has left Île-de-France's pipeline for its host territory (moved or later, but not
/// withdrawn or ineligible).
constexpr bool has_moved(Stage stage) {
  return stage == Stage::moved || stage == Stage::settled || stage == Stage::housed || stage == Stage::returned;
}

/// The pathway's legal transitions. `immersed` may be skipped (proposed → committed) when a scenario runs
/// without immersion visits; withdrawal is possible from every stage before the move. After the move, the end
/// of follow-up leads to `settled` or `housed`, which a job lost or found turns into each other; a return is
/// possible from each of the three.
constexpr bool is_legal_transition(Stage from, Stage to) {
  switch (from) {
    case Stage::eligible: return to == Stage::referred;
    case Stage::referred: return to == Stage::enrolled || to == Stage::withdrawn;
    case Stage::enrolled: return to == Stage::proposed || to == Stage::ineligible || to == Stage::withdrawn;
    case Stage::proposed: return to == Stage::immersed || to == Stage::committed || to == Stage::withdrawn;
    case Stage::immersed: return to == Stage::committed || to == Stage::withdrawn;
    case Stage::committed: return to == Stage::matched || to == Stage::withdrawn;
    case Stage::matched: return to == Stage::moved || to == Stage::withdrawn;
    case Stage::moved: return to == Stage::settled || to == Stage::housed || to == Stage::returned;
    case Stage::settled: return to == Stage::housed || to == Stage::returned;
    case Stage::housed: return to == Stage::settled || to == Stage::returned;
    default: return false;
  }
}

}  // namespace emile::models
