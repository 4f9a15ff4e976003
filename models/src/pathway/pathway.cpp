#include "emile/models/pathway/pathway.hpp"

#include "emile/models/foundations/purposes.hpp"
#include "emile/models/pathway/mobility_aid.hpp"
#include "emile/models/pathway/territory_choice.hpp"
#include "emile/models/pathway/territory_matching.hpp"
#include "emile/models/pathway/timeline.hpp"
#include "emile/sim/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace emile::models {

namespace {

double shifted_exponential_weeks(sim::RandomStream& stream, double minimum, double mean_extra) {
  return minimum + (mean_extra > 0 ? sim::exponential(stream, 1.0 / mean_extra) : 0.0);
}

// Every origin's eligible pool (its eligible households and its backlog), origin after origin: every household's
// profile drawn from its own stream, keyed by its id — so an origin's households keep their ids and draws whatever
// the origins after it.
std::vector<Household> draw_pool(const Scenario& scenario, sim::StreamSeed seed) {
  std::vector<Household> households;
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    const auto& origin = scenario.origins[k];
    const auto pool = static_cast<std::size_t>(origin.eligible_households + origin.initial_referred);
    for (std::size_t n = 0; n < pool; ++n) {
      Household& h = households.emplace_back();
      h.origin = static_cast<std::int16_t>(k);
      h.profile = draw_profile(scenario.households, seed, static_cast<std::uint32_t>(households.size() - 1));
    }
  }
  return households;
}

// The origins, each holding its households' ids, in the order draw_pool laid them out.
OriginRegions origin_regions(const Scenario& scenario) {
  OriginRegions origins;
  std::uint32_t first = 0;
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    const auto& o = scenario.origins[k];
    const auto end = first + static_cast<std::uint32_t>(o.eligible_households + o.initial_referred);
    origins.emplace_back(scenario, k, first, end);
    first = end;
  }
  return origins;
}

}  // namespace

Pathway::Pathway(const Scenario& scenario, const Geography& geography, StartingMarkets markets, const sim::Clock& clock,
                 sim::StreamSeed seed, sim::Step steps)
    : scenario_(scenario),
      clock_(clock),
      seed_(seed),
      steps_(steps),
      households_(draw_pool(scenario, seed)),
      origins_(origin_regions(scenario)),
      territories_(scenario.territories.size()),
      reach_(scenario),
      events_(steps),
      ledger_(scenario.origins.size(), scenario.territories.size(), households_) {
  for (std::size_t i = 0; i < territories_.size(); ++i) {
    territories_[i] = std::make_unique<HostTerritory>(scenario_, i, std::move(markets.housing[i]),
                                                      std::move(markets.labour[i]), geography.graphs[i]);
  }
}

std::size_t Pathway::bytes() const {
  std::size_t total = households_.capacity() * sizeof(Household) + ledger_.bytes();
  for (const auto& t : territories_) total += t->housing.bytes() + t->labour.bytes();
  return total;
}

// ---- Mechanics -------------------------------------------------------------------------------------------

sim::RandomStream Pathway::stream_for(std::uint32_t id) {
  return sim::RandomStream(seed_, purpose::household_event, id, households_[id].draws++);
}

sim::Step Pathway::steps_after(double weeks) const { return models::steps_after(clock_, weeks); }

void Pathway::cancel(std::uint32_t id) {
  ++households_[id].version;
  households_[id].next = static_cast<std::uint8_t>(Next::none);
}

void Pathway::schedule(std::uint32_t id, Next kind, sim::Step at) {
  Household& h = households_[id];
  ++h.version;
  h.next = static_cast<std::uint8_t>(kind);
  if (at < steps_) events_.schedule(at, {id, h.version});
}

double Pathway::withdrawal_rate(const Household& h) const {
  const auto& p = scenario_.pathway;
  return p.withdrawal_per_year * (p.withdrawal_motivation_offset - h.profile.motivation);
}

void Pathway::schedule_withdrawal(std::uint32_t id, sim::Step step) {
  auto stream = stream_for(id);
  const Household& h = households_[id];
  const double rate = withdrawal_rate(h);
  double weeks = rate > 0 ? sim::exponential(stream, rate) * sim::weeks_per_year : std::numeric_limits<double>::infinity();
  if (h.stage == Stage::committed) {
    // Waiting too long for a match raises the hazard: the wait splits at the patience limit.
    const double patience = scenario_.pathway.committed_patience_weeks;
    const double impatient = scenario_.pathway.impatient_withdrawal_per_year *
                             (scenario_.pathway.withdrawal_motivation_offset - h.profile.motivation);
    if (weeks > patience) {
      weeks = impatient > 0 ? patience + sim::exponential(stream, impatient) * sim::weeks_per_year
                            : std::numeric_limits<double>::infinity();
    }
  }
  schedule(id, Next::withdraw, step + steps_after(weeks));
}

void Pathway::schedule_or_withdraw(std::uint32_t id, Next kind, double weeks, sim::Step step) {
  auto stream = stream_for(id);
  const double rate = withdrawal_rate(households_[id]);
  const double withdrawal = rate > 0 ? sim::exponential(stream, rate) * sim::weeks_per_year : std::numeric_limits<double>::infinity();
  if (withdrawal < weeks) {
    schedule(id, Next::withdraw, step + steps_after(withdrawal));
  } else {
    schedule(id, kind, step + steps_after(weeks));
  }
}

void Pathway::transition(std::uint32_t id, Stage to, sim::Step step) {
  Household& h = households_[id];
  if (!is_legal_transition(h.stage, to)) {
    throw std::logic_error("illegal transition of household " + std::to_string(id) + ": " + std::string(name(h.stage)) +
                           " -> " + std::string(name(to)));
  }
  // Counts follow the host territory from the proposal on (propose() moves the household's count there).
  ledger_.record_transition(id, h, to, step);
  h.stage = to;
  h.stage_since = step;
  h.queued = false;
}

// ---- The step ---------------------------------------------------------------------------------------------

void Pathway::advance(sim::Step step, const Lockdown& lockdown) {
  ledger_.start_step();
  reach_.update(scenario_);
  refer(step);
  for (const auto& event : events_.take(step)) {
    if (households_[event.id].version == event.version) handle(event.id, step);
  }
  for (auto& origin : origins_) {
    origin.queue.serve_while(
        households_, [&] { return origin.slots_used < origin.capacity(); }, [&](std::uint32_t id) { enrol(id, step); });
  }
  awaiting_proposal_.offer_each(households_, [&](std::uint32_t id) { return propose(id, step); });
  const std::int32_t month = clock_.quota_month(step);
  for (auto& territory : territories_) {
    territory->start_visit_month(month);
    territory->immersion_queue.serve_while(
        households_, [&] { return territory->visit_slot_free(lockdown.visit_factor); },
        [&](std::uint32_t id) { visit(id, *territory, step); });
  }
  for (auto& territory : territories_) match(*territory, lockdown.matching_factor, step);
  for (auto& territory : territories_) {
    territory->move_queue.serve_while(
        households_, [&] { return territory->followed < territory->caseworker_capacity(); },
        [&](std::uint32_t id) { move(id, *territory, step); });
  }
}

// Each origin that has joined refers households from its pool, in id order: its backlog in the step it joins, then
// a Poisson number a step drawn from the stream keyed by the origin and the step.
void Pathway::refer(sim::Step step) {
  for (std::size_t k = 0; k < origins_.size(); ++k) {
    auto& origin = origins_[k];
    const sim::Step first = origin.first_step(clock_);
    if (step < first) continue;
    std::uint64_t count = 0;
    if (step == first) count += static_cast<std::uint64_t>(origin.settings().initial_referred);
    sim::RandomStream stream(seed_, purpose::referrals, k, static_cast<std::uint64_t>(step));
    count += sim::poisson(stream, origin.settings().referrals_per_year * clock_.step_years());
    for (; count > 0 && origin.next_eligible < origin.end; --count) {
      const std::uint32_t id = origin.next_eligible++;
      transition(id, Stage::referred, step);
      const auto& p = scenario_.pathway;
      auto s = stream_for(id);
      schedule_or_withdraw(id, Next::intake_done, shifted_exponential_weeks(s, p.intake_min_weeks, p.intake_mean_weeks), step);
    }
  }
}

void Pathway::handle(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  const auto& p = scenario_.pathway;
  switch (static_cast<Next>(h.next)) {
    case Next::intake_done: wait_in(origin_of(h).queue, id, step); break;
    case Next::diagnosis_done: {
      auto stream = stream_for(id);
      if (sim::bernoulli(stream, p.ineligible_share)) {
        transition(id, Stage::ineligible, step);
        give_back_origin_slot(h);
        cancel(id);
      } else if (!propose(id, step)) {
        wait_in(awaiting_proposal_, id, step);
      }
      break;
    }
    case Next::visit_ready: wait_in(territory_of(h).immersion_queue, id, step); break;
    case Next::decide: {
      auto stream = stream_for(id);
      if (sim::bernoulli(stream, p.commit_share)) {
        transition(id, Stage::committed, step);
        territory_of(h).committed.push_back(id);
        schedule_withdrawal(id, step);
      } else {
        withdraw(id, step);
      }
      break;
    }
    case Next::move_ready: wait_in(territory_of(h).move_queue, id, step); break;
    case Next::withdraw: withdraw(id, step); break;
    case Next::follow_up_end:
    case Next::contract_end:
    case Next::job_loss:
    case Next::search:
    case Next::go_back: live_after_move(id, step); break;
    case Next::none: break;
  }
}

void Pathway::wait_in(HouseholdQueue& queue, std::uint32_t id, sim::Step step) {
  queue.join(id, households_[id]);
  households_[id].queued_since = step;
  schedule_withdrawal(id, step);
}

// A caseworker slot is free: the referred household enrols and its diagnosis begins.
void Pathway::enrol(std::uint32_t id, sim::Step step) {
  const auto& p = scenario_.pathway;
  transition(id, Stage::enrolled, step);
  households_[id].holds_origin_slot = true;
  ++origin_of(households_[id]).slots_used;
  auto stream = stream_for(id);
  const double factor = p.direct_referral ? p.direct_referral_diagnosis_factor : 1.0;
  double weeks = shifted_exponential_weeks(stream, p.diagnosis_min_weeks, p.diagnosis_mean_weeks) * factor;
  if (scenario_.mobility_aid.offered_at == AidOffer::enrolment) weeks = std::max(weeks, give_mobility_aid(id));
  schedule_or_withdraw(id, Next::diagnosis_done, weeks, step);
}

bool Pathway::propose(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  const auto& p = scenario_.pathway;
  auto stream = stream_for(id);
  const std::int32_t best =
      choose_territory(h.profile, territories_, reach_.from(static_cast<std::size_t>(h.origin)), p, step, clock_, stream);
  if (best < 0) return false;
  h.territory = static_cast<std::int16_t>(best);
  // Attribution moves to the host territory with the proposal: take the enrolled count from its origin.
  ledger_.attribute_to_territory(h, static_cast<std::size_t>(best));
  transition(id, Stage::proposed, step);
  ++territory_of(h).pipeline;
  if (p.immersion_visits) {
    schedule_or_withdraw(id, Next::visit_ready, p.immersion_min_weeks, step);
  } else {
    schedule_or_withdraw(id, Next::decide, p.decision_weeks, step);
  }
  return true;
}

// A visit slot is free this month: the proposed household visits the territory, then decides.
void Pathway::visit(std::uint32_t id, HostTerritory& territory, sim::Step step) {
  transition(id, Stage::immersed, step);
  households_[id].visited = true;
  ++territory.visits_this_month;
  schedule(id, Next::decide, step + steps_after(scenario_.pathway.decision_weeks));
}

void Pathway::match(HostTerritory& territory, double going_ahead, sim::Step step) {
  auto& pool = territory.committed;
  std::erase_if(pool, [&](std::uint32_t id) { return households_[id].stage != Stage::committed; });
  // The matches come as ids, resolved before anything is taken: taking changes the vacancy and dwelling lists.
  for (const auto& m : match_households(pool, households_, territory, scenario_.matching)) {
    if (going_ahead < 1) {
      auto stream = stream_for(m.household);
      if (!sim::bernoulli(stream, going_ahead)) continue;  // put off: the household stays committed
    }
    Household& h = households_[m.household];
    territory.labour.take(m.vacancy);
    territory.housing.take(m.dwelling);
    h.vacancy = static_cast<std::int32_t>(m.vacancy);
    h.dwelling = static_cast<std::int32_t>(m.dwelling);
    transition(m.household, Stage::matched, step);
    auto stream = stream_for(m.household);
    const auto& p = scenario_.pathway;
    double weeks = shifted_exponential_weeks(stream, p.move_min_weeks, p.move_mean_weeks);
    if (scenario_.mobility_aid.offered_at == AidOffer::match) weeks = std::max(weeks, give_mobility_aid(m.household));
    schedule_or_withdraw(m.household, Next::move_ready, weeks, step);
  }
}

// A territory caseworker is free: the matched household moves into its dwelling and starts its job.
void Pathway::move(std::uint32_t id, HostTerritory& territory, sim::Step step) {
  Household& h = households_[id];
  transition(id, Stage::moved, step);
  give_back_origin_slot(h);
  --territory.pipeline;
  ++territory.followed;
  h.followed = true;
  h.home_commune = territory.housing.dwelling(static_cast<std::uint32_t>(h.dwelling)).commune;
  const Vacancy vacancy = territory.labour.vacancy(static_cast<std::uint32_t>(h.vacancy));
  territory.labour.fill(static_cast<std::uint32_t>(h.vacancy));
  h.vacancy = none;
  // The move happens at the start of its step: the clocks after it start there.
  const auto now = static_cast<double>(step);
  start_job(id, vacancy.employer, vacancy.contract, now, step);
  h.follow_up_ends_at = now + steps_in(scenario_.pathway.follow_up_weeks);
  if (schedule_after_move(id, now, step)) live_after_move(id, step);
}

double Pathway::give_mobility_aid(std::uint32_t id) {
  Household& h = households_[id];
  auto stream = stream_for(id);
  const AidGiven given = offer_mobility_aid(h.profile, scenario_.mobility_aid, stream);
  h.licence_aid = given.licence_course;
  h.car_aid = given.car;
  return given.wait_weeks;
}

void Pathway::give_back_origin_slot(Household& h) {
  if (!h.holds_origin_slot) return;
  h.holds_origin_slot = false;
  --origin_of(h).slots_used;
}

void Pathway::withdraw(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  give_back_origin_slot(h);
  if (h.territory != no_territory) {
    auto& territory = territory_of(h);
    --territory.pipeline;
    if (h.vacancy != none) territory.labour.release(static_cast<std::uint32_t>(h.vacancy), step);
    if (h.dwelling != none) territory.release_dwelling(static_cast<std::uint32_t>(h.dwelling));
    h.vacancy = none;
    h.dwelling = none;
  }
  transition(id, Stage::withdrawn, step);
  cancel(id);
}

}  // namespace emile::models
