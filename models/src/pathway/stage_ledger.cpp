#include "emile/models/pathway/stage_ledger.hpp"

namespace emile::models {
namespace {

// One household of `persons` moves from one count to another.
void move_count(Counts& from, Counts& to, int persons) {
  --from.households;
  from.persons -= persons;
  ++to.households;
  to.persons += persons;
}

}  // namespace

StageLedger::StageLedger(std::size_t origins, std::size_t hosts, std::span<const Household> pool)
    : origins_(origins), in_stage_(origins + hosts), flows_(origins + hosts) {
  for (const auto& h : pool) {
    auto& eligible = in_stage_[row_of(h)][static_cast<std::size_t>(Stage::eligible)];
    ++eligible.households;
    eligible.persons += h.profile.persons();
  }
}

std::size_t StageLedger::row_of(const Household& household) const {
  return household.territory == no_territory ? static_cast<std::size_t>(household.origin)
                                             : origins_ + static_cast<std::size_t>(household.territory);
}


void StageLedger::start_step() {
  for (auto& row : flows_) row = {};
}

sim::Step queued_step(const Household& household) {
  if (household.queued) return household.queued_since;
  return household.stage == Stage::committed ? household.stage_since : -1;
}

void StageLedger::record_transition(std::uint32_t id, const Household& household, Stage to, sim::Step step) {
  const std::size_t row = row_of(household);
  const int persons = household.profile.persons();
  move_count(in_stage_[row][static_cast<std::size_t>(household.stage)], in_stage_[row][static_cast<std::size_t>(to)], persons);
  auto& flow = flows_[row][static_cast<std::size_t>(to)];
  ++flow.households;
  flow.persons += persons;
  transitions_.push_back({step, id, household.stage, to, static_cast<std::int16_t>(row), queued_step(household)});
}

void StageLedger::attribute_to_territory(const Household& household, std::size_t territory) {
  const auto stage = static_cast<std::size_t>(household.stage);
  move_count(in_stage_[static_cast<std::size_t>(household.origin)][stage], in_stage_[origins_ + territory][stage],
             household.profile.persons());
}

std::int32_t StageLedger::start_job(const JobSpell& spell) {
  jobs_.push_back(spell);
  return static_cast<std::int32_t>(jobs_.size() - 1);
}

void StageLedger::end_job(std::int32_t index, sim::Step step, JobEnd reason) {
  JobSpell& job = jobs_[static_cast<std::size_t>(index)];
  job.end = step;
  job.reason = reason;
}

void StageLedger::save(sim::ArchiveWriter& out) const {
  out.values(in_stage_);
  out.values(flows_);
  out.values(transitions_);
  out.values(jobs_);
}

StageLedger StageLedger::restore(sim::ArchiveReader& in, std::size_t origins, std::size_t hosts) {
  StageLedger ledger;
  ledger.origins_ = origins;
  ledger.in_stage_ = in.values<StageCounts>();
  ledger.flows_ = in.values<StageCounts>();
  in.require(ledger.in_stage_.size() == origins + hosts && ledger.flows_.size() == origins + hosts,
             "counts for another number of territories");
  ledger.transitions_ = in.values<Transition>();
  ledger.jobs_ = in.values<JobSpell>();
  return ledger;
}

}  // namespace emile::models
