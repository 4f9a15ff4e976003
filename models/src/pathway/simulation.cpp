#include "emile/models/pathway/simulation.hpp"

#include "emile/models/foundations/matching.hpp"
#include "emile/models/foundations/purposes.hpp"
#include "emile/models/scenario/saved_scenario.hpp"
#include "emile/sim/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace emile::models {

/// Kinds of pending household events.
enum class Simulation::Next : std::uint8_t {
  none,
  intake_done,     ///< referred: the coordinator's intake is done; queue for a caseworker slot
  diagnosis_done,  ///< enrolled: propose a territory, or find the household ineligible
  visit_ready,     ///< proposed: the visit is organised; queue for a monthly slot
  decide,          ///< immersed (or proposed without visits): commit or withdraw
  move_ready,      ///< matched: ready to move; queue for a territory caseworker
  withdraw,        ///< any stage before the move
  follow_up_end,   ///< moved: follow-up ends
  contract_end,    ///< moved: a fixed-term, seasonal or training contract ends
  job_loss,        ///< moved: a job breaks
  reemployed,      ///< moved: an unemployed resident finds a job locally
  go_back,         ///< moved: returns to Île-de-France
};

struct Simulation::Territory {
  Territory(const Scenario& scenario, std::size_t index, const Geography& geography, sim::StreamSeed seed, sim::Step steps)
      : housing(scenario.territories[index], scenario.housing, geography.populations[index], seed,
                static_cast<std::uint32_t>(index + 1)),
        labour(scenario.territories[index], scenario.labour, geography.populations[index], seed,
               static_cast<std::uint32_t>(index + 1), steps),
        graph(geography.graphs[index]) {}
  Territory(DwellingStock housing_, LabourMarket labour_, std::shared_ptr<const CommuneGraph> graph_)
      : housing(std::move(housing_)), labour(std::move(labour_)), graph(std::move(graph_)) {}

  DwellingStock housing;
  LabourMarket labour;
  std::shared_ptr<const CommuneGraph> graph;
  std::int64_t pipeline = 0;  ///< households from proposal to move
  std::int64_t followed = 0;  ///< households followed by the territory's caseworkers
  std::int32_t quota_month = -1;
  std::int64_t visits_this_month = 0;
  std::deque<std::uint32_t> immersion_queue;
  std::deque<std::uint32_t> move_queue;
  std::vector<std::uint32_t> committed;  ///< in order of commitment; stale entries are skipped
};

namespace {

double shifted_exponential_weeks(sim::RandomStream& stream, double minimum, double mean_extra) {
  return minimum + (mean_extra > 0 ? sim::exponential(stream, 1.0 / mean_extra) : 0.0);
}

double contract_weeks(const LabourSettings& labour, Contract contract) {
  switch (contract) {
    case Contract::fixed_term: return labour.fixed_term_weeks;
    case Contract::seasonal: return labour.seasonal_weeks;
    case Contract::training: return labour.training_weeks;
    case Contract::permanent: break;
  }
  return std::numeric_limits<double>::infinity();
}

// One household of `persons` moves from one count to another.
void move_count(Counts& from, Counts& to, int persons) {
  --from.households;
  from.persons -= persons;
  ++to.households;
  to.persons += persons;
}

}  // namespace

Simulation::Simulation(const Scenario& scenario, std::shared_ptr<const Geography> geography, std::uint64_t seed,
                       std::uint32_t replication, const sim::Executor& executor)
    : scenario_(scenario),
      geography_(std::move(geography)),
      executor_(executor),
      seed_{seed, replication},
      clock_(scenario.run.start_date, static_cast<int>(scenario.run.step_days)),
      steps_(clock_.steps_until(scenario.run.end_date)),
      events_(steps_) {
  const auto pool = static_cast<std::size_t>(scenario.origin.eligible_households + scenario.origin.initial_referred);
  households_.resize(pool);
  for (std::uint32_t id = 0; id < pool; ++id) households_[id].profile = draw_profile(scenario.households, seed_, id);

  const std::size_t count = scenario.territories.size();
  territories_.resize(count);
  executor_.for_each(count, [&](std::size_t i) {
    territories_[i] = std::make_unique<Territory>(scenario_, i, *geography_, seed_, steps_);
  });
  stage_counts_.assign(1 + count, {});
  auto& eligible = stage_counts_[0][static_cast<std::size_t>(Stage::eligible)];
  for (const auto& h : households_) {
    ++eligible.households;
    eligible.persons += h.profile.persons();
  }
  flows_.assign(1 + count, {});
}

Simulation::~Simulation() = default;

// ---- Saved state ------------------------------------------------------------------------------------------

namespace {

template <class T>
std::vector<T> as_vector(const std::deque<T>& queue) {
  return {queue.begin(), queue.end()};
}

template <class T>
std::deque<T> as_deque(std::vector<T> values) {
  return {values.begin(), values.end()};
}

Scenario read_saved_scenario(sim::ArchiveReader& in) {
  in.expect("simulation");
  return restore_scenario(in);
}

}  // namespace

void Simulation::save(sim::ArchiveWriter& out) const {
  out.tag("simulation");
  save_scenario(out, scenario_);
  out.value(seed_);
  out.value(next_step_);
  out.values(households_);
  out.value(next_eligible_);
  out.value<std::uint64_t>(territories_.size());
  for (const auto& t : territories_) {
    out.tag("territory");
    t->housing.save(out);
    t->labour.save(out);
    out.value(t->pipeline);
    out.value(t->followed);
    out.value(t->quota_month);
    out.value(t->visits_this_month);
    out.values(as_vector(t->immersion_queue));
    out.values(as_vector(t->move_queue));
    out.values(t->committed);
  }
  events_.save(out);
  out.value(origin_slots_used_);
  out.values(as_vector(origin_queue_));
  out.values(as_vector(awaiting_proposal_));
  out.values(stage_counts_);
  out.values(flows_);
  out.values(transitions_);
  out.values(jobs_);
}

Simulation::Simulation(sim::ArchiveReader& in, std::shared_ptr<const Geography> geography, const sim::Executor& executor)
    : scenario_(read_saved_scenario(in)),
      geography_(std::move(geography)),
      executor_(executor),
      seed_(in.value<sim::StreamSeed>()),
      clock_(scenario_.run.start_date, static_cast<int>(scenario_.run.step_days)),
      steps_(clock_.steps_until(scenario_.run.end_date)),
      next_step_(in.value<sim::Step>()),
      events_(0) {
  in.require(next_step_ >= 0 && next_step_ <= steps_, "a step outside the run");
  households_ = in.values<Household>();
  next_eligible_ = in.value<std::uint32_t>();
  in.require(next_eligible_ <= households_.size(), "more households referred than there are");
  const auto count = in.value<std::uint64_t>();
  in.require(count == scenario_.territories.size() && count == geography_->graphs.size(),
             "territories that do not match the scenario or its geography");
  for (std::size_t i = 0; i < count; ++i) {
    in.expect("territory");
    auto housing = DwellingStock::restore(in);
    auto labour = LabourMarket::restore(in, steps_);
    auto& t = *territories_.emplace_back(std::make_unique<Territory>(std::move(housing), std::move(labour), geography_->graphs[i]));
    t.pipeline = in.value<std::int64_t>();
    t.followed = in.value<std::int64_t>();
    t.quota_month = in.value<std::int32_t>();
    t.visits_this_month = in.value<std::int64_t>();
    t.immersion_queue = as_deque(in.values<std::uint32_t>());
    t.move_queue = as_deque(in.values<std::uint32_t>());
    t.committed = in.values<std::uint32_t>();
  }
  events_ = sim::EventQueue::restore(in, steps_, static_cast<std::uint32_t>(households_.size()));
  origin_slots_used_ = in.value<std::int64_t>();
  origin_queue_ = as_deque(in.values<std::uint32_t>());
  awaiting_proposal_ = as_deque(in.values<std::uint32_t>());
  stage_counts_ = in.values<std::array<Counts, stage_count>>();
  flows_ = in.values<std::array<Counts, stage_count>>();
  in.require(stage_counts_.size() == 1 + count && flows_.size() == 1 + count, "counts for another number of territories");
  transitions_ = in.values<Transition>();
  jobs_ = in.values<JobSpell>();

  // Ids that index vectors must be in range; a damaged state must not make the run read out of bounds.
  const auto household_id = [&](std::uint32_t id) { return id < households_.size(); };
  for (const auto& h : households_) {
    in.require_flags({&h.profile.licence, &h.profile.car, &h.visited, &h.employed, &h.queued, &h.followed, &h.holds_origin_slot},
                     "a household with a bad flag");
    in.require(static_cast<std::size_t>(h.stage) < stage_count && h.next <= static_cast<std::uint8_t>(Next::go_back) &&
                   (h.territory == no_territory || (h.territory >= 0 && static_cast<std::size_t>(h.territory) < count)) &&
                   (h.job == none || (h.job >= 0 && static_cast<std::size_t>(h.job) < jobs_.size())) &&
                   (h.home_commune == none ||
                    (h.home_commune >= 0 && h.territory != no_territory &&
                     static_cast<std::size_t>(h.home_commune) < geography_->graphs[static_cast<std::size_t>(h.territory)]->size())),
               "a household with a bad stage, territory, job or commune");
    if (h.territory == no_territory) {
      in.require(h.dwelling == none && h.vacancy == none, "a household without a territory holding a dwelling or vacancy");
      continue;
    }
    const auto& t = *territories_[static_cast<std::size_t>(h.territory)];
    in.require((h.dwelling == none || (h.dwelling >= 0 && static_cast<std::size_t>(h.dwelling) < t.housing.size())) &&
                   (h.vacancy == none || (h.vacancy >= 0 && static_cast<std::size_t>(h.vacancy) < t.labour.vacancy_ids())),
               "a household holding a dwelling or vacancy out of range");
  }
  for (const auto& t : territories_) {
    for (auto id : t->committed) in.require(household_id(id), "a committed household id out of range");
    for (const auto* queue : {&t->immersion_queue, &t->move_queue}) {
      for (auto id : *queue) in.require(household_id(id), "a queued household id out of range");
    }
  }
  for (const auto* queue : {&origin_queue_, &awaiting_proposal_}) {
    for (auto id : *queue) in.require(household_id(id), "a queued household id out of range");
  }
  for (const auto& j : jobs_) in.require(household_id(j.household), "a job of a household id out of range");
}

void Simulation::fork(const Scenario& variant) {
  const auto refuse = [&](const std::string& key, const std::string& value, const std::string& problem) {
    throw sim::ScenarioError({variant.source.string(), 0, 0}, key, value, problem);
  };
  const auto& run = variant.run;
  if (run.start_date != scenario_.run.start_date || run.step_days != scenario_.run.step_days || run.end_date != scenario_.run.end_date) {
    refuse("run", run.start_date.iso() + " to " + run.end_date.iso(),
           "a branch must keep the run dates and step of the saved run (" + scenario_.run.start_date.iso() + " to " +
               scenario_.run.end_date.iso() + ", every " + std::to_string(scenario_.run.step_days) + " days)");
  }
  if (variant.territories.size() != scenario_.territories.size()) {
    refuse("territory", std::to_string(variant.territories.size()) + " territories",
           "a branch must keep the saved run's " + std::to_string(scenario_.territories.size()) + " territories");
  }
  for (std::size_t i = 0; i < variant.territories.size(); ++i) {
    if (variant.territories[i].code != scenario_.territories[i].code) {
      refuse("territory[" + std::to_string(i) + "].code", variant.territories[i].code,
             "a branch must keep the saved run's territories in order (here " + scenario_.territories[i].code + ")");
    }
  }
  scenario_ = variant;
  for (sim::Step s = 0; s < next_step_; ++s) apply_timeline(s);
}

// ---- Mechanics -------------------------------------------------------------------------------------------

sim::RandomStream Simulation::stream_for(std::uint32_t id) {
  return sim::RandomStream(seed_, purpose::household_event, id, households_[id].draws++);
}

sim::Step Simulation::steps_after(double weeks) const {
  const double steps = weeks * sim::days_per_week / clock_.step_days();
  if (!(steps < 1e9)) return std::numeric_limits<sim::Step>::max() / 2;
  return std::max<sim::Step>(1, static_cast<sim::Step>(std::lround(steps)));
}

void Simulation::cancel(std::uint32_t id) {
  ++households_[id].version;
  households_[id].next = static_cast<std::uint8_t>(Next::none);
}

void Simulation::schedule(std::uint32_t id, Next kind, sim::Step at) {
  Household& h = households_[id];
  ++h.version;
  h.next = static_cast<std::uint8_t>(kind);
  if (at < steps_) events_.schedule(at, {id, h.version});
}

double Simulation::withdrawal_rate(const Household& h) const {
  const auto& p = scenario_.pathway;
  return p.withdrawal_per_year * (p.withdrawal_motivation_offset - h.profile.motivation);
}

void Simulation::schedule_withdrawal(std::uint32_t id, sim::Step step) {
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

void Simulation::schedule_or_withdraw(std::uint32_t id, Next kind, double weeks, sim::Step step) {
  auto stream = stream_for(id);
  const double rate = withdrawal_rate(households_[id]);
  const double withdrawal = rate > 0 ? sim::exponential(stream, rate) * sim::weeks_per_year : std::numeric_limits<double>::infinity();
  if (withdrawal < weeks) {
    schedule(id, Next::withdraw, step + steps_after(withdrawal));
  } else {
    schedule(id, kind, step + steps_after(weeks));
  }
}

void Simulation::transition(std::uint32_t id, Stage to, sim::Step step) {
  Household& h = households_[id];
  if (!is_legal_transition(h.stage, to)) {
    throw std::logic_error("illegal transition of household " + std::to_string(id) + ": " + std::string(name(h.stage)) +
                           " -> " + std::string(name(to)));
  }
  // Counts follow the host territory from the proposal on (propose() moves the household's count there).
  const std::size_t row = h.territory == no_territory ? 0 : static_cast<std::size_t>(h.territory) + 1;
  const int persons = h.profile.persons();
  move_count(stage_counts_[row][static_cast<std::size_t>(h.stage)], stage_counts_[row][static_cast<std::size_t>(to)], persons);
  auto& flow = flows_[row][static_cast<std::size_t>(to)];
  ++flow.households;
  flow.persons += persons;
  transitions_.push_back({step, id, h.stage, to, static_cast<std::int16_t>(row)});
  h.stage = to;
  h.stage_since = step;
  h.queued = false;
}

bool Simulation::territory_open(std::size_t territory, sim::Step step) const {
  return clock_.step_of(scenario_.territories[territory].join_date) <= step;
}

bool Simulation::lockdown_active(sim::Step step) const {
  for (const auto& e : scenario_.events) {
    if (e.kind != EventKind::lockdown) continue;
    const sim::Step first = clock_.step_of(e.date);
    if (step >= first && step < first + steps_after(e.weeks)) return true;
  }
  return false;
}

double Simulation::hiring_factor(sim::Step step) const {
  double factor = 1.0;
  for (const auto& e : scenario_.events) {
    if (e.kind != EventKind::lockdown) continue;
    const sim::Step first = clock_.step_of(e.date);
    if (step >= first && step < first + steps_after(e.weeks)) factor *= e.hiring_factor;
  }
  return factor;
}

std::int64_t Simulation::origin_capacity() const { return scenario_.origin.caseworkers * scenario_.origin.caseload; }

std::int64_t Simulation::territory_capacity(std::size_t territory) const {
  const auto& t = scenario_.territories[territory];
  return t.caseworkers * t.caseload;
}

// ---- The step ---------------------------------------------------------------------------------------------

void Simulation::step() {
  if (done()) throw std::logic_error("the simulation has already run its " + std::to_string(steps_) + " steps");
  const sim::Step step = next_step_;
  for (auto& row : flows_) row = {};
  apply_timeline(step);

  // Markets evolve independently per territory, each from its own streams.
  const double years = clock_.step_years();
  const unsigned month = clock_.first_day(step).month();
  const double hiring = hiring_factor(step);
  executor_.for_each(territories_.size(), [&](std::size_t i) {
    const auto& settings = scenario_.territories[i];
    territories_[i]->housing.step(scenario_.housing, settings.reserved_dwellings, years, step, seed_);
    territories_[i]->labour.step(settings, scenario_.labour, years, month, hiring, step, seed_);
  });

  refer(step);
  for (const auto& event : events_.take(step)) {
    if (households_[event.id].version == event.version) handle(event.id, step);
  }
  enrol_from_queue(step);
  propose_waiting(step);
  immersion_visits(step);
  for (std::size_t t = 0; t < territories_.size(); ++t) match(t, step);
  moves(step);
  ++next_step_;
}

void Simulation::apply_timeline(sim::Step step) {
  for (const auto& e : scenario_.events) {
    if (e.kind == EventKind::set && clock_.step_of(e.date) == step) set_parameter(scenario_, e.key, e.value);
  }
}

void Simulation::refer(sim::Step step) {
  std::uint64_t count = 0;
  if (step == 0) count += static_cast<std::uint64_t>(scenario_.origin.initial_referred);
  sim::RandomStream stream(seed_, purpose::referrals, 0, static_cast<std::uint64_t>(step));
  count += sim::poisson(stream, scenario_.origin.referrals_per_year * clock_.step_years());
  for (; count > 0 && next_eligible_ < households_.size(); --count) {
    const std::uint32_t id = next_eligible_++;
    transition(id, Stage::referred, step);
    const auto& p = scenario_.pathway;
    auto s = stream_for(id);
    schedule_or_withdraw(id, Next::intake_done, shifted_exponential_weeks(s, p.intake_min_weeks, p.intake_mean_weeks), step);
  }
}

void Simulation::handle(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  const auto& p = scenario_.pathway;
  switch (static_cast<Next>(h.next)) {
    case Next::intake_done:
      origin_queue_.push_back(id);
      h.queued = true;
      schedule_withdrawal(id, step);
      break;
    case Next::diagnosis_done: {
      auto stream = stream_for(id);
      if (sim::bernoulli(stream, p.ineligible_share)) {
        transition(id, Stage::ineligible, step);
        h.holds_origin_slot = false;
        --origin_slots_used_;
        cancel(id);
      } else if (!propose(id, step)) {
        awaiting_proposal_.push_back(id);
        h.queued = true;
        schedule_withdrawal(id, step);
      }
      break;
    }
    case Next::visit_ready:
      territories_[static_cast<std::size_t>(h.territory)]->immersion_queue.push_back(id);
      h.queued = true;
      schedule_withdrawal(id, step);
      break;
    case Next::decide: {
      auto stream = stream_for(id);
      if (sim::bernoulli(stream, p.commit_share)) {
        transition(id, Stage::committed, step);
        territories_[static_cast<std::size_t>(h.territory)]->committed.push_back(id);
        schedule_withdrawal(id, step);
      } else {
        withdraw(id, step);
      }
      break;
    }
    case Next::move_ready:
      territories_[static_cast<std::size_t>(h.territory)]->move_queue.push_back(id);
      h.queued = true;
      schedule_withdrawal(id, step);
      break;
    case Next::withdraw: withdraw(id, step); break;
    case Next::follow_up_end:
      finish_follow_up(id);
      if (h.employed) {
        transition(id, Stage::settled, step);
        cancel(id);
      } else {
        after_move_schedule(id, step);
      }
      break;
    case Next::contract_end:
      end_job(id, step, JobEnd::contract_end);
      after_move_schedule(id, step);
      break;
    case Next::job_loss:
      end_job(id, step, JobEnd::job_loss);
      after_move_schedule(id, step);
      break;
    case Next::reemployed: {
      auto stream = stream_for(id);
      const auto& labour = territories_[static_cast<std::size_t>(h.territory)]->labour;
      const auto contract = static_cast<Contract>(sim::categorical(stream, scenario_.labour.contract_weights));
      start_job(id, labour.draw_employer(stream), contract, step);
      if (!h.followed) {
        transition(id, Stage::settled, step);
        cancel(id);
      } else {
        after_move_schedule(id, step);
      }
      break;
    }
    case Next::go_back: {
      if (h.employed) end_job(id, step, JobEnd::returned);
      finish_follow_up(id);
      auto& territory = *territories_[static_cast<std::size_t>(h.territory)];
      territory.housing.release(static_cast<std::uint32_t>(h.dwelling),
                                scenario_.territories[static_cast<std::size_t>(h.territory)].reserved_dwellings);
      h.dwelling = none;
      transition(id, Stage::returned, step);
      cancel(id);
      break;
    }
    case Next::none: break;
  }
}

void Simulation::enrol_from_queue(sim::Step step) {
  const auto& p = scenario_.pathway;
  while (origin_slots_used_ < origin_capacity() && !origin_queue_.empty()) {
    const std::uint32_t id = origin_queue_.front();
    origin_queue_.pop_front();
    Household& h = households_[id];
    if (h.stage != Stage::referred || !h.queued) continue;  // withdrew while waiting
    transition(id, Stage::enrolled, step);
    h.holds_origin_slot = true;
    ++origin_slots_used_;
    auto stream = stream_for(id);
    const double factor = p.direct_referral ? p.direct_referral_diagnosis_factor : 1.0;
    const double weeks = shifted_exponential_weeks(stream, p.diagnosis_min_weeks, p.diagnosis_mean_weeks) * factor;
    schedule_or_withdraw(id, Next::diagnosis_done, weeks, step);
  }
}

void Simulation::propose_waiting(sim::Step step) {
  const std::size_t waiting = awaiting_proposal_.size();
  for (std::size_t k = 0; k < waiting; ++k) {
    const std::uint32_t id = awaiting_proposal_.front();
    awaiting_proposal_.pop_front();
    Household& h = households_[id];
    if (h.stage != Stage::enrolled || !h.queued) continue;
    if (!propose(id, step)) awaiting_proposal_.push_back(id);
  }
}

bool Simulation::propose(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  const auto& p = scenario_.pathway;
  auto stream = stream_for(id);
  // Random-utility choice among open territories with room: demand for the household's skill among the
  // vacancies offered to the programme, a reserved dwelling of its size, its rural/urban taste, distance to
  // Paris, and an idiosyncratic Gumbel taste. Under direct referral the coordinator's profile matching scales
  // the idiosyncratic part down.
  const double noise = p.fit_noise * (p.direct_referral ? p.direct_referral_noise_factor : 1.0);
  std::int32_t best = -1;
  double best_score = -std::numeric_limits<double>::infinity();
  for (std::size_t t = 0; t < territories_.size(); ++t) {
    const double gumbel = -std::log(-std::log(stream.uniform()));  // drawn for every territory: common numbers
    if (!territory_open(t, step) || territories_[t]->pipeline >= scenario_.territories[t].pipeline_capacity) continue;
    const auto& territory = *territories_[t];
    const auto& settings = scenario_.territories[t];
    std::size_t in_sector = 0;
    for (std::uint32_t v : territory.labour.visible()) in_sector += territory.labour.vacancy(v).sector == h.profile.skill;
    const double demand = (static_cast<double>(in_sector) + p.territory_demand_prior) /
                          (static_cast<double>(territory.labour.visible().size()) + p.territory_demand_prior * sector_count);
    bool dwelling = false;
    for (std::uint32_t d : territory.housing.reserved()) dwelling = dwelling || territory.housing.dwelling(d).rooms >= h.profile.rooms_needed();
    const double taste = h.profile.rural_preference * settings.rurality + (1 - h.profile.rural_preference) * (1 - settings.rurality);
    const double score = p.territory_demand_weight * demand + (dwelling ? p.territory_dwelling_weight : 0.0) +
                         p.territory_rurality_weight * taste - settings.travel_minutes_to_paris / p.territory_minutes_per_point +
                         noise * gumbel;
    if (score > best_score) {
      best_score = score;
      best = static_cast<std::int32_t>(t);
    }
  }
  if (best < 0) return false;
  h.territory = static_cast<std::int16_t>(best);
  // Attribution moves to the host territory with the proposal: take the enrolled count from the origin.
  move_count(stage_counts_[0][static_cast<std::size_t>(Stage::enrolled)],
             stage_counts_[static_cast<std::size_t>(best) + 1][static_cast<std::size_t>(Stage::enrolled)], h.profile.persons());
  transition(id, Stage::proposed, step);
  ++territories_[static_cast<std::size_t>(best)]->pipeline;
  if (p.immersion_visits) {
    schedule_or_withdraw(id, Next::visit_ready, p.immersion_min_weeks, step);
  } else {
    schedule_or_withdraw(id, Next::decide, p.decision_weeks, step);
  }
  return true;
}

void Simulation::immersion_visits(sim::Step step) {
  if (lockdown_active(step)) return;
  const std::int32_t month = clock_.quota_month(step);
  for (std::size_t t = 0; t < territories_.size(); ++t) {
    auto& territory = *territories_[t];
    if (territory.quota_month != month) {
      territory.quota_month = month;
      territory.visits_this_month = 0;
    }
    while (territory.visits_this_month < scenario_.territories[t].immersion_slots_per_month && !territory.immersion_queue.empty()) {
      const std::uint32_t id = territory.immersion_queue.front();
      territory.immersion_queue.pop_front();
      Household& h = households_[id];
      if (h.stage != Stage::proposed || !h.queued) continue;
      transition(id, Stage::immersed, step);
      h.visited = true;
      ++territory.visits_this_month;
      schedule(id, Next::decide, step + steps_after(scenario_.pathway.decision_weeks));
    }
  }
}

void Simulation::match(std::size_t t, sim::Step step) {
  auto& territory = *territories_[t];
  auto& pool = territory.committed;
  std::erase_if(pool, [&](std::uint32_t id) { return households_[id].stage != Stage::committed; });
  const auto& vacancies = territory.labour.visible();
  const auto& dwellings = territory.housing.reserved();
  if (pool.empty() || vacancies.empty() || dwellings.empty()) return;

  const auto& m = scenario_.matching;
  const CommuteLimits limits{m.car_commute_minutes, m.local_commute_minutes, m.transit_commute_minutes};
  const auto fits = [&](const Household& h, const Dwelling& d) {
    const double budget = m.rent_budget_base_eur + m.rent_budget_per_person_eur * (h.profile.persons() - 1);
    return d.rooms >= h.profile.rooms_needed() && d.rooms <= h.profile.rooms_needed() + m.max_extra_rooms && d.rent_eur <= budget;
  };
  const auto mode = [](const Household& h) { return h.profile.car ? CommuteMode::car : CommuteMode::no_car; };

  // Stage 1: households ↔ vacancies, feasible when skills and qualification fit and some reserved dwelling
  // that fits the household lies within its commute of the employer.
  std::vector<Candidate> jobs;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    const Household& h = households_[pool[i]];
    for (std::uint32_t j = 0; j < vacancies.size(); ++j) {
      const Vacancy& v = territory.labour.vacancy(vacancies[j]);
      const bool skilled = v.sector == h.profile.skill || v.contract == Contract::training;
      if (!skilled || h.profile.qualification + m.qualification_tolerance < v.qualification) continue;
      const auto work = territory.labour.employer(v.employer).commune;
      const bool housed = std::any_of(dwellings.begin(), dwellings.end(), [&](std::uint32_t d) {
        const Dwelling& dw = territory.housing.dwelling(d);
        return fits(h, dw) && territory.graph->reachable(dw.commune, work, mode(h), limits);
      });
      if (!housed) continue;
      const double household_score = m.contract_values[static_cast<std::size_t>(v.contract)];
      const double employer_score = m.employer_score_base + m.employer_score_per_motivation * h.profile.motivation +
                                    m.employer_score_per_qualification_level * (h.profile.qualification - v.qualification);
      jobs.push_back({i, j, household_score, employer_score});
    }
  }
  if (jobs.empty()) return;
  const Assignment job_match = assign(pool.size(), vacancies.size(), jobs, m.mechanism);

  // Stage 2: job-matched households ↔ reserved dwellings within commute of their employer.
  std::vector<Candidate> homes;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    if (job_match.right_of_left[i] < 0) continue;
    const Household& h = households_[pool[i]];
    const Vacancy& v = territory.labour.vacancy(vacancies[static_cast<std::size_t>(job_match.right_of_left[i])]);
    const auto work = territory.labour.employer(v.employer).commune;
    for (std::uint32_t k = 0; k < dwellings.size(); ++k) {
      const Dwelling& d = territory.housing.dwelling(dwellings[k]);
      if (!fits(h, d) || !territory.graph->reachable(d.commune, work, mode(h), limits)) continue;
      const double minutes = territory.graph->car_minutes(d.commune, work);
      const double household_score =
          m.dwelling_score_base - m.dwelling_score_per_commute * std::min(1.0, minutes / std::max(1.0, m.car_commute_minutes));
      const double landlord_score = m.landlord_score_base - m.landlord_score_per_extra_room * (d.rooms - h.profile.rooms_needed());
      homes.push_back({i, k, household_score, landlord_score});
    }
  }
  const Assignment home_match = assign(pool.size(), dwellings.size(), homes, m.mechanism);

  // Resolve ids before taking anything: taking changes the vacancy and dwelling lists.
  struct Pair {
    std::uint32_t household, vacancy, dwelling;
  };
  std::vector<Pair> pairs;
  for (std::uint32_t i = 0; i < pool.size(); ++i) {
    if (home_match.right_of_left[i] < 0) continue;
    pairs.push_back({pool[i], vacancies[static_cast<std::size_t>(job_match.right_of_left[i])],
                     dwellings[static_cast<std::size_t>(home_match.right_of_left[i])]});
  }
  for (const auto& pair : pairs) {
    Household& h = households_[pair.household];
    territory.labour.take(pair.vacancy);
    territory.housing.take(pair.dwelling);
    h.vacancy = static_cast<std::int32_t>(pair.vacancy);
    h.dwelling = static_cast<std::int32_t>(pair.dwelling);
    transition(pair.household, Stage::matched, step);
    auto stream = stream_for(pair.household);
    const auto& p = scenario_.pathway;
    schedule_or_withdraw(pair.household, Next::move_ready, shifted_exponential_weeks(stream, p.move_min_weeks, p.move_mean_weeks),
                         step);
  }
}

void Simulation::moves(sim::Step step) {
  for (std::size_t t = 0; t < territories_.size(); ++t) {
    auto& territory = *territories_[t];
    while (territory.followed < territory_capacity(t) && !territory.move_queue.empty()) {
      const std::uint32_t id = territory.move_queue.front();
      territory.move_queue.pop_front();
      Household& h = households_[id];
      if (h.stage != Stage::matched || !h.queued) continue;
      transition(id, Stage::moved, step);
      if (h.holds_origin_slot) {
        h.holds_origin_slot = false;
        --origin_slots_used_;
      }
      --territory.pipeline;
      ++territory.followed;
      h.followed = true;
      h.home_commune = territory.housing.dwelling(static_cast<std::uint32_t>(h.dwelling)).commune;
      const Vacancy vacancy = territory.labour.vacancy(static_cast<std::uint32_t>(h.vacancy));
      territory.labour.fill(static_cast<std::uint32_t>(h.vacancy));
      h.vacancy = none;
      start_job(id, vacancy.employer, vacancy.contract, step);
      h.follow_up_end = step + steps_after(scenario_.pathway.follow_up_weeks);
      after_move_schedule(id, step);
    }
  }
}

void Simulation::start_job(std::uint32_t id, std::uint32_t employer, Contract contract, sim::Step step) {
  Household& h = households_[id];
  h.employed = true;
  h.job = static_cast<std::int32_t>(jobs_.size());
  jobs_.push_back({id, static_cast<std::int16_t>(h.territory + 1), employer, contract, step});
}

void Simulation::end_job(std::uint32_t id, sim::Step step, JobEnd reason) {
  Household& h = households_[id];
  JobSpell& job = jobs_[static_cast<std::size_t>(h.job)];
  job.end = step;
  job.reason = reason;
  h.employed = false;
  h.job = none;
}

void Simulation::finish_follow_up(std::uint32_t id) {
  Household& h = households_[id];
  if (!h.followed) return;
  h.followed = false;
  --territories_[static_cast<std::size_t>(h.territory)]->followed;
}

// After the move, competing clocks: end of follow-up and end of contract are fixed dates; job loss,
// re-employment and return are exponential hazards (memoryless, so redrawn at every change).
void Simulation::after_move_schedule(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  const auto& a = scenario_.after_move;
  auto stream = stream_for(id);
  Next kind = Next::none;
  sim::Step at = std::numeric_limits<sim::Step>::max();
  const auto consider = [&](Next k, sim::Step s) {
    if (s < at) {
      at = s;
      kind = k;
    }
  };
  const auto hazard = [&](double rate) {
    return rate > 0 ? step + steps_after(sim::exponential(stream, rate) * sim::weeks_per_year) : std::numeric_limits<sim::Step>::max();
  };
  if (h.followed) consider(Next::follow_up_end, h.follow_up_end);
  if (h.employed) {
    const auto& job = jobs_[static_cast<std::size_t>(h.job)];
    const double weeks = contract_weeks(scenario_.labour, job.contract);
    if (std::isfinite(weeks)) consider(Next::contract_end, job.start + steps_after(weeks));
    consider(Next::job_loss, hazard(a.job_loss_per_year));
  } else {
    consider(Next::reemployed, hazard(a.reemployment_per_year));
  }
  double back = a.return_per_year * (a.return_motivation_offset - h.profile.motivation);
  if (!h.employed) back *= a.return_factor_unemployed;
  if (!h.profile.car) back *= a.return_factor_no_car;
  if (!h.visited) back *= a.return_factor_no_visit;
  consider(Next::go_back, hazard(back));
  schedule(id, kind, std::max(at, step + 1));
}

void Simulation::withdraw(std::uint32_t id, sim::Step step) {
  Household& h = households_[id];
  if (h.holds_origin_slot) {
    h.holds_origin_slot = false;
    --origin_slots_used_;
  }
  if (h.territory != no_territory) {
    const auto t = static_cast<std::size_t>(h.territory);
    auto& territory = *territories_[t];
    --territory.pipeline;
    if (h.vacancy != none) territory.labour.release(static_cast<std::uint32_t>(h.vacancy), step);
    if (h.dwelling != none) territory.housing.release(static_cast<std::uint32_t>(h.dwelling), scenario_.territories[t].reserved_dwellings);
    h.vacancy = none;
    h.dwelling = none;
  }
  transition(id, Stage::withdrawn, step);
  cancel(id);
}

// ---- Observation ------------------------------------------------------------------------------------------

ResourceLevels Simulation::resources(std::size_t row) const {
  ResourceLevels r;
  if (row == 0) {
    r.caseworkers = scenario_.origin.caseworkers;
    r.caseworker_capacity = origin_capacity();
    r.caseworker_load = origin_slots_used_;
    r.caseworker_queue = static_cast<std::int64_t>(std::count_if(origin_queue_.begin(), origin_queue_.end(), [&](std::uint32_t id) {
      return households_[id].stage == Stage::referred && households_[id].queued;
    }));
    return r;
  }
  const std::size_t t = row - 1;
  const auto& territory = *territories_[t];
  r.caseworkers = scenario_.territories[t].caseworkers;
  r.caseworker_capacity = territory_capacity(t);
  r.caseworker_load = territory.followed;
  r.caseworker_queue = static_cast<std::int64_t>(std::count_if(territory.move_queue.begin(), territory.move_queue.end(), [&](std::uint32_t id) {
    return households_[id].stage == Stage::matched && households_[id].queued;
  }));
  r.immersion_queue = static_cast<std::int64_t>(std::count_if(territory.immersion_queue.begin(), territory.immersion_queue.end(), [&](std::uint32_t id) {
    return households_[id].stage == Stage::proposed && households_[id].queued;
  }));
  r.open_vacancies = static_cast<std::int64_t>(territory.labour.open_count());
  r.programme_vacancies = static_cast<std::int64_t>(territory.labour.visible().size());
  r.vacant_dwellings = static_cast<std::int64_t>(territory.housing.vacant());
  r.reserved_dwellings = static_cast<std::int64_t>(territory.housing.reserved().size());
  return r;
}

const DwellingStock& Simulation::housing(std::size_t territory) const { return territories_.at(territory)->housing; }
const LabourMarket& Simulation::labour(std::size_t territory) const { return territories_.at(territory)->labour; }

std::size_t Simulation::bytes() const {
  std::size_t total = households_.capacity() * sizeof(Household) + transitions_.capacity() * sizeof(Transition) +
                      jobs_.capacity() * sizeof(JobSpell);
  for (const auto& t : territories_) total += t->housing.bytes() + t->labour.bytes();
  return total;
}

}  // namespace emile::models
