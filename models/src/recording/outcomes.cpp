#include "emile/models/recording/outcomes.hpp"

#include "emile/sim/calendar.hpp"

#include <unordered_map>

namespace emile::models {

MarkOutcomes& MarkOutcomes::operator+=(const MarkOutcomes& other) {
  moved += other.moved;
  employed += other.employed;
  housed += other.housed;
  returned += other.returned;
  censored += other.censored;
  return *this;
}

namespace {

struct AfterMove {
  std::int16_t row = 0;
  sim::Step moved = 0;
  Stage after_follow_up = Stage::moved;  ///< the stage entered when follow-up ended (moved: not yet)
  sim::Step returned = -1;               ///< step of its return, −1 if none
  bool employed_at_month_12 = false;
};

}  // namespace

OutcomesByRow outcomes_after_move(const RunRecord& record, int step_days) {
  // A calendar year, by the event-timing rule: the step in which a year after the move's step start falls.
  const sim::Step year = sim::firing_step(sim::days_per_year / step_days);
  std::unordered_map<std::uint32_t, AfterMove> households;
  for (const auto& t : record.transitions) {
    if (t.to == Stage::moved) households[t.household] = {t.territory_row, t.step};
    if (t.from == Stage::moved) households.at(t.household).after_follow_up = t.to;
    if (t.to == Stage::returned) households.at(t.household).returned = t.step;
  }
  for (const auto& job : record.jobs) {
    auto& h = households.at(job.household);
    const sim::Step mark = h.moved + year;
    if (job.start <= mark && (job.end < 0 || job.end > mark)) h.employed_at_month_12 = true;
  }

  OutcomesByRow outcomes;
  for (auto& rows : outcomes) rows.assign(record.rows, MarkOutcomes{});
  for (const auto& [id, h] : households) {
    auto& at_end = outcomes[static_cast<std::size_t>(OutcomeMark::follow_up_end)][static_cast<std::size_t>(h.row)];
    ++at_end.moved;
    switch (h.after_follow_up) {
      case Stage::settled: ++at_end.employed; break;
      case Stage::housed: ++at_end.housed; break;
      case Stage::returned: ++at_end.returned; break;
      default: ++at_end.censored; break;
    }
    auto& at_year = outcomes[static_cast<std::size_t>(OutcomeMark::month_12)][static_cast<std::size_t>(h.row)];
    const sim::Step mark = h.moved + year;
    ++at_year.moved;
    if (h.returned >= 0 && h.returned <= mark) {
      ++at_year.returned;
    } else if (mark >= record.steps) {
      ++at_year.censored;
    } else if (h.employed_at_month_12) {
      ++at_year.employed;
    } else {
      ++at_year.housed;
    }
  }
  return outcomes;
}

}  // namespace emile::models
