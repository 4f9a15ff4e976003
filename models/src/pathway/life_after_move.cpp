// Life after the move: a household's follow-up, its jobs and its return, as competing clocks in continuous time,
// from the move to the end of the run. At the end of follow-up the household enters `settled` if it has a job,
// `housed` if not; then a job lost turns `settled` into `housed` and a job found `housed` into `settled`, until the
// household returns (`returned`, the one end state) or the run ends. While follow-up lasts, its factors scale the
// hazards of job loss, finding a job and return.
//
// Time here is continuous, counted in steps from the start of step 0; the move happens at the start of its step.
// Two clocks are fixed dates: the end of follow-up and the end of a fixed-term, seasonal or training contract
// (its length is the one in force when the job starts). The others are exponential hazards — job loss, finding
// a job, return — drawn afresh at every event (memoryless, so redrawing changes nothing but lets a hazard
// depend on the household's new state). An unemployed household finds work through its searches of the local
// labour market (local_job_search.hpp). The earliest clock wins; clocks that fall at exactly the same time (two
// fixed dates) are resolved in a random order, each first with equal odds.
//
// An event at time T is applied in step firing_step(T) = ⌈T⌉, at the step's start with the other events due.
// An event drawn after another can fall in the same step: it is then applied at once, after it, so that the
// events of one household falling in one step are applied in the order of their times.
#include "emile/models/foundations/purposes.hpp"
#include "emile/models/pathway/local_job_search.hpp"
#include "emile/models/pathway/pathway.hpp"
#include "emile/models/pathway/timeline.hpp"
#include "emile/sim/distributions.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace emile::models {
namespace {

constexpr double never = std::numeric_limits<double>::infinity();

double contract_weeks(const LabourSettings& labour, Contract contract) {
  switch (contract) {
    case Contract::fixed_term: return labour.fixed_term_weeks;
    case Contract::seasonal: return labour.seasonal_weeks;
    case Contract::training: return labour.training_weeks;
    case Contract::permanent: break;
  }
  return never;
}

}  // namespace

void Pathway::live_after_move(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  do {
    const double now = h.next_at;
    switch (static_cast<Next>(h.next)) {
      case Next::follow_up_end:
        finish_follow_up(id);
        transition(id, h.employed ? Stage::settled : Stage::housed, step);
        break;
      case Next::contract_end: lose_job(id, step, JobEnd::contract_end); break;
      case Next::job_loss: lose_job(id, step, JobEnd::job_loss); break;
      case Next::search: {
        auto stream = stream_for(id);
        const auto& a = scenario_.after_move;
        const double share = a.search_share * (h.followed ? a.follow_up_search_factor : 1.0);
        if (const auto job = search_local_jobs(h, territory_of(h), scenario_, share, step, stream)) {
          start_job(id, job->employer, job->contract, now, step);
          if (h.stage == Stage::housed) transition(id, Stage::settled, step);
        }
        break;
      }
      case Next::go_back:
        if (h.employed) end_job(id, step, JobEnd::returned);
        finish_follow_up(id);
        territory_of(h).release_dwelling(static_cast<std::uint32_t>(h.dwelling));
        h.dwelling = none;
        transition(id, Stage::returned, step);
        cancel(id);
        return;
      default: return;
    }
  } while (schedule_after_move(id, h.next_at, step));
}

bool Pathway::schedule_after_move(std::uint32_t id, double now, sim::Step step) {
  Household& h = households_[id];
  const auto& a = scenario_.after_move;
  auto stream = stream_for(id);
  const auto hazard = [&](double per_year) {
    return per_year > 0 ? now + steps_in(sim::exponential(stream, per_year) * sim::weeks_per_year) : never;
  };
  // The clocks running now, in a fixed order (the order draws are made in).
  struct RunningClock {
    Next kind;
    double at;
  };
  std::array<RunningClock, 4> clocks{};
  std::size_t running = 0;
  const auto while_followed = [&](double factor) { return h.followed ? factor : 1.0; };
  if (h.followed) clocks[running++] = {Next::follow_up_end, h.follow_up_ends_at};
  if (h.employed) {
    clocks[running++] = {Next::contract_end, h.contract_ends_at};
    clocks[running++] = {Next::job_loss, hazard(a.job_loss_per_year * while_followed(a.follow_up_job_loss_factor))};
  } else {
    clocks[running++] = {Next::search, hazard(a.searches_per_year)};
  }
  double back = a.return_per_year * (a.return_motivation_offset - h.profile.motivation);
  if (!h.employed) back *= a.return_factor_unemployed;
  if (!h.profile.car) back *= a.return_factor_no_car;
  if (!h.visited) back *= a.return_factor_no_visit;
  back *= 1 + a.return_isolation_per_hour *
                  reach_.minutes(static_cast<std::size_t>(h.origin), static_cast<std::size_t>(h.territory)) / 60;
  clocks[running++] = {Next::go_back, hazard(back * while_followed(a.follow_up_return_factor))};

  // The earliest; among clocks at exactly the same time, each is first with equal odds.
  std::size_t first = 0;
  std::size_t tied = 1;
  for (std::size_t k = 1; k < running; ++k) {
    if (clocks[k].at < clocks[first].at) {
      first = k;
      tied = 1;
    } else if (clocks[k].at == clocks[first].at && std::isfinite(clocks[k].at) && sim::bernoulli(stream, 1.0 / ++tied)) {
      first = k;
    }
  }
  const auto [kind, at] = clocks[first];
  const sim::Step fires = std::max(step, sim::firing_step(at));
  h.next_at = at;
  if (fires > step) {
    schedule(id, kind, fires);
    return false;
  }
  ++h.version;  // applied at once: no queue entry
  h.next = static_cast<std::uint8_t>(kind);
  return true;
}

void Pathway::start_job(std::uint32_t id, std::uint32_t employer, Contract contract, double now, sim::Step step) {
  Household& h = households_[id];
  h.employed = true;
  h.contract_ends_at = now + steps_in(contract_weeks(scenario_.labour, contract));
  h.job = ledger_.start_job({id, static_cast<std::int16_t>(h.territory + 1), employer, contract, step});
}

void Pathway::end_job(std::uint32_t id, sim::Step step, JobEnd reason) {
  Household& h = households_[id];
  ledger_.end_job(h.job, step, reason);
  h.employed = false;
  h.job = none;
}

void Pathway::lose_job(std::uint32_t id, sim::Step step, JobEnd reason) {
  end_job(id, step, reason);
  if (households_[id].stage == Stage::settled) transition(id, Stage::housed, step);
}

void Pathway::finish_follow_up(std::uint32_t id) {
  Household& h = households_[id];
  if (!h.followed) return;
  h.followed = false;
  --territory_of(h).followed;
}

}  // namespace emile::models
