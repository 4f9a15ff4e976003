#pragma once
// What became of the households that moved, at two marks: the end of their follow-up and 12 months after their
// move. At each mark every moved household counts once — employed, housed but not employed, or returned — or is
// censored when the run ends before the mark (and before any return). So observed + censored = moved, in every
// territory row and in total.
//
// The end of follow-up is read from the household's stage change out of `moved`: to `settled` (employed), to
// `housed` (not employed) or to `returned` (a return during follow-up); still `moved` at the end of the run is
// censored. The 12-month mark is the step s + ⌈365.25 days / step⌉ after the move's step s (53 weekly steps):
// returned if the household returned by that step; else, if the step is within the run, employed when a job
// spell covers its end (started by then, not ended by then), housed if not; else censored.
//
// Computed from the run's record alone (its transitions and job spells).
#include "emile/models/recording/recorder.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace emile::models {

/// The two marks, in the order of their rows.
enum class OutcomeMark : std::uint8_t { follow_up_end, month_12 };
inline constexpr std::array<std::string_view, 2> outcome_mark_names = {"follow_up_end", "month_12"};

/// The moved households of one territory row (or of all), at one mark.
struct MarkOutcomes {
  std::int64_t moved = 0;
  std::int64_t employed = 0;
  std::int64_t housed = 0;  ///< housed in the territory, not employed
  std::int64_t returned = 0;
  std::int64_t censored = 0;  ///< the run ends before the mark, with no return before it

  std::int64_t observed() const { return moved - censored; }
  MarkOutcomes& operator+=(const MarkOutcomes& other);
};

/// At each mark (index: OutcomeMark), per territory row.
using OutcomesByRow = std::array<std::vector<MarkOutcomes>, outcome_mark_names.size()>;

/// The outcomes of `record`'s moved households; `step_days` is the run's step length.
OutcomesByRow outcomes_after_move(const RunRecord& record, int step_days);

}  // namespace emile::models
