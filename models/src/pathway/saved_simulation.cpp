// A simulation's saved state: what save() writes, in order, and how a restored state is checked. Every id that
// indexes a vector is checked against what it indexes, so a damaged state cannot make the run read out of bounds;
// sim::ArchiveError names what is wrong.
#include "emile/models/pathway/simulation.hpp"

#include "emile/models/scenario/saved_scenario.hpp"

namespace emile::models {
namespace {

Scenario read_saved_scenario(sim::ArchiveReader& in) {
  in.expect("simulation");
  return restore_scenario(in);
}

sim::Step read_next_step(sim::ArchiveReader& in, sim::Step steps) {
  const auto step = in.value<sim::Step>();
  in.require(step >= 0 && step <= steps, "a step outside the run");
  return step;
}

void save_territory(sim::ArchiveWriter& out, const HostTerritory& t) {
  out.tag("territory");
  t.housing.save(out);
  t.labour.save(out);
  out.value(t.pipeline);
  out.value(t.followed);
  out.value(t.quota_month);
  out.value(t.visits_this_month);
  out.values(t.immersion_queue.entries());
  out.values(t.move_queue.entries());
  out.values(t.committed);
}

void save_origin(sim::ArchiveWriter& out, const OriginRegion& o) {
  out.tag("origin");
  out.value(o.next_eligible);
  out.value(o.slots_used);
  out.values(o.queue.entries());
}

// Restores the origins saved by save_origin, over the pools laid out for `scenario` (their ids checked against
// them).
OriginRegions restore_origins(sim::ArchiveReader& in, const Scenario& scenario, std::size_t households) {
  const auto count = in.value<std::uint64_t>();
  in.require(count == scenario.origins.size(), "origins that do not match the scenario");
  OriginRegions origins;
  std::uint32_t first = 0;
  for (std::size_t k = 0; k < count; ++k) {
    in.expect("origin");
    const auto& settings = scenario.origins[k];
    const auto end = first + static_cast<std::uint32_t>(settings.eligible_households + settings.initial_referred);
    auto& o = origins.emplace_back(scenario, k, first, end);
    o.next_eligible = in.value<std::uint32_t>();
    o.slots_used = in.value<std::int64_t>();
    o.queue = HouseholdQueue(Stage::referred, in.values<std::uint32_t>());
    in.require(o.next_eligible >= first && o.next_eligible <= end && end <= households,
               "an origin's referrals outside its pool");
    first = end;
  }
  in.require(first == households, "pools that do not add up to the households");
  return origins;
}

HostTerritories restore_territories(sim::ArchiveReader& in, const Scenario& scenario, const Geography& geography,
                                    sim::Step steps, const StartingMarkets& markets) {
  const auto count = in.value<std::uint64_t>();
  in.require(count == scenario.territories.size() && count == geography.graphs.size() && count == markets.housing.size(),
             "territories that do not match the scenario or its geography");
  HostTerritories territories;
  for (std::size_t i = 0; i < count; ++i) {
    in.expect("territory");
    auto housing = DwellingStock::restore(in, markets.housing[i]);
    auto labour = LabourMarket::restore(in, steps, markets.labour[i]);
    auto& t = *territories.emplace_back(
        std::make_unique<HostTerritory>(scenario, i, std::move(housing), std::move(labour), geography.graphs[i]));
    t.pipeline = in.value<std::int64_t>();
    t.followed = in.value<std::int64_t>();
    t.quota_month = in.value<std::int32_t>();
    t.visits_this_month = in.value<std::int64_t>();
    t.immersion_queue = HouseholdQueue(t.immersion_queue.stage(), in.values<std::uint32_t>());
    t.move_queue = HouseholdQueue(t.move_queue.stage(), in.values<std::uint32_t>());
    t.committed = in.values<std::uint32_t>();
  }
  return territories;
}

}  // namespace

void Simulation::save(sim::ArchiveWriter& out) const {
  out.tag("simulation");
  save_scenario(out, scenario_);
  out.value(seed_);
  out.value(next_step_);
  pathway_.save(out);
}

// A scenario's world-shaping parameters cannot change during a run, so the scenario as saved (events applied)
// draws the same starting markets as the one the run started from.
Simulation::Simulation(sim::ArchiveReader& in, std::shared_ptr<const Geography> geography, const sim::Executor& executor,
                       std::shared_ptr<const StartingMarkets> markets)
    : scenario_(read_saved_scenario(in)),
      geography_(covering(std::move(geography), scenario_)),
      executor_(executor),
      seed_(in.value<sim::StreamSeed>()),
      clock_(scenario_.run.start_date, static_cast<int>(scenario_.run.step_days)),
      steps_(clock_.steps_until(scenario_.run.end_date)),
      next_step_(read_next_step(in, steps_)),
      pathway_(in, scenario_, *geography_, clock_, seed_, steps_,
               markets ? *markets
                       : StartingMarkets(scenario_, *geography_, clock_, steps_,
                                         world_seed(scenario_.run, seed_.seed, seed_.replication), executor_)) {}

void Pathway::save(sim::ArchiveWriter& out) const {
  out.values(households_);
  out.value<std::uint64_t>(origins_.size());
  for (const auto& o : origins_) save_origin(out, o);
  out.value<std::uint64_t>(territories_.size());
  for (const auto& t : territories_) save_territory(out, *t);
  events_.save(out);
  out.values(awaiting_proposal_.entries());
  ledger_.save(out);
}

// The members are read in the order they are declared, which is the order save() writes them.
Pathway::Pathway(sim::ArchiveReader& in, const Scenario& scenario, const Geography& geography, const sim::Clock& clock,
                 sim::StreamSeed seed, sim::Step steps, const StartingMarkets& markets)
    : scenario_(scenario),
      clock_(clock),
      seed_(seed),
      steps_(steps),
      households_(in.values<Household>()),
      origins_(restore_origins(in, scenario, households_.size())),
      territories_(restore_territories(in, scenario, geography, steps, markets)),
      reach_(scenario),
      events_(sim::EventQueue::restore(in, steps, static_cast<std::uint32_t>(households_.size()))),
      awaiting_proposal_(Stage::enrolled, in.values<std::uint32_t>()),
      ledger_(StageLedger::restore(in, origins_.size(), territories_.size())) {
  const std::size_t count = territories_.size();

  const auto household_id = [&](std::uint32_t id) { return id < households_.size(); };
  for (const auto& h : households_) {
    in.require_flags({&h.profile.licence, &h.profile.car, &h.visited, &h.employed, &h.queued, &h.followed,
                      &h.licence_aid, &h.car_aid, &h.holds_origin_slot},
                     "a household with a bad flag");
    in.require(h.origin >= 0 && static_cast<std::size_t>(h.origin) < origins_.size() &&
                   static_cast<std::size_t>(h.stage) < stage_count && h.next <= static_cast<std::uint8_t>(Next::go_back) &&
                   (h.territory == no_territory || (h.territory >= 0 && static_cast<std::size_t>(h.territory) < count)) &&
                   (h.job == none || (h.job >= 0 && static_cast<std::size_t>(h.job) < ledger_.jobs().size())) &&
                   (h.home_commune == none ||
                    (h.home_commune >= 0 && h.territory != no_territory &&
                     static_cast<std::size_t>(h.home_commune) < territory_of(h).graph->size())),
               "a household with a bad stage, territory, job or commune");
    if (h.territory == no_territory) {
      in.require(h.dwelling == none && h.vacancy == none, "a household without a territory holding a dwelling or vacancy");
      continue;
    }
    const auto& t = territory_of(h);
    in.require((h.dwelling == none || (h.dwelling >= 0 && static_cast<std::size_t>(h.dwelling) < t.housing.size())) &&
                   (h.vacancy == none || (h.vacancy >= 0 && static_cast<std::size_t>(h.vacancy) < t.labour.vacancy_ids())),
               "a household holding a dwelling or vacancy out of range");
  }
  for (const auto& t : territories_) {
    for (auto id : t->committed) in.require(household_id(id), "a committed household id out of range");
    for (const auto* queue : {&t->immersion_queue, &t->move_queue}) {
      for (auto id : queue->entries()) in.require(household_id(id), "a queued household id out of range");
    }
  }
  for (auto id : awaiting_proposal_.entries()) in.require(household_id(id), "a queued household id out of range");
  for (const auto& o : origins_) {
    for (auto id : o.queue.entries()) in.require(household_id(id), "a queued household id out of range");
  }
  for (const auto& j : ledger_.jobs()) in.require(household_id(j.household), "a job of a household id out of range");
}

}  // namespace emile::models
