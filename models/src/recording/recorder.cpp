#include "emile/models/recording/recorder.hpp"

#include <algorithm>
#include <stdexcept>

namespace emile::models {
namespace {

const std::vector<std::string> resource_names = {"caseworkers",         "caseworker_capacity", "caseworker_load",
                                                 "caseworker_queue",    "immersion_queue",     "open_vacancies",
                                                 "programme_vacancies", "vacant_dwellings",    "reserved_dwellings"};

std::vector<std::string> build_metric_names() {
  std::vector<std::string> names;
  for (Stage s : flow_stages) {
    names.push_back(std::string(name(s)) + "_households");
    names.push_back(std::string(name(s)) + "_persons");
  }
  for (Stage s : all_stages) names.push_back("in_" + std::string(name(s)) + "_households");
  for (Stage s : all_stages) names.push_back("in_" + std::string(name(s)) + "_persons");
  names.insert(names.end(), resource_names.begin(), resource_names.end());
  return names;
}

}  // namespace

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = build_metric_names();
  return names;
}

std::size_t metric_index(std::string_view name) {
  const auto& names = metric_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::out_of_range("no metric named " + std::string(name));
  return static_cast<std::size_t>(it - names.begin());
}

std::span<const std::string> flow_metric_names() {
  return std::span(metric_names()).first(2 * flow_stages.size());
}

double RunRecord::total(std::size_t metric, std::size_t row, sim::Step begin, sim::Step end) const {
  double sum = 0;
  for (sim::Step s = begin; s < end; ++s) sum += static_cast<double>(value(metric, s, row));
  return sum;
}

double RunRecord::total(std::size_t metric) const {
  double sum = 0;
  for (std::size_t row = 0; row < rows; ++row) sum += total(metric, row);
  return sum;
}

void RunRecord::save(sim::ArchiveWriter& out) const {
  out.tag("run record");
  out.value(replication);
  out.value(steps);
  out.value<std::uint64_t>(rows);
  out.value<std::uint64_t>(origins);
  out.values(values);
  out.values(origin_host_flows);
  out.values(transitions);
  out.values(households);
  out.values(jobs);
}

RunRecord RunRecord::restore(sim::ArchiveReader& in) {
  in.expect("run record");
  RunRecord r;
  r.replication = in.value<std::uint32_t>();
  r.steps = in.value<sim::Step>();
  r.rows = static_cast<std::size_t>(in.value<std::uint64_t>());
  r.origins = static_cast<std::size_t>(in.value<std::uint64_t>());
  r.values = in.values<std::int64_t>();
  r.origin_host_flows = in.values<std::int64_t>();
  in.require(r.steps >= 0 && r.rows > 0 && r.rows < (1u << 15) && r.origins > 0 && r.origins < r.rows &&
                 r.values.size() == metric_names().size() * static_cast<std::size_t>(r.steps) * r.rows &&
                 (r.origin_host_flows.empty() ||
                  r.origin_host_flows.size() == r.origins * (r.rows - r.origins) * origin_host_flow_stages.size()),
             "recorded values of the wrong size");
  r.transitions = in.values<Transition>();
  r.households = in.values<HouseholdRecord>();
  r.jobs = in.values<JobSpell>();
  // Codes and rows are indices for whoever reads the record: a damaged one must not make them read out of bounds.
  const auto row = [&](std::int16_t territory_row) { return territory_row >= 0 && static_cast<std::size_t>(territory_row) < r.rows; };
  const auto stage = [](Stage s) { return static_cast<std::size_t>(s) < stage_count; };
  for (const auto& t : r.transitions) {
    in.require(stage(t.from) && stage(t.to) && row(t.territory_row) && t.household < r.households.size() && t.step >= 0 &&
                   t.step < r.steps && t.queued_step >= -1 && t.queued_step <= t.step,
               "a recorded stage change with a bad stage, territory, household or step");
  }
  for (const auto& h : r.households) {
    in.require_flags({&h.profile.licence, &h.profile.car, &h.visited, &h.licence_aid, &h.car_aid},
                     "a household record with a bad flag");
    in.require(stage(h.final_stage) && row(h.origin_row) && row(h.territory_row) &&
                   static_cast<std::size_t>(h.profile.skill) < sector_count &&
                   static_cast<std::size_t>(h.profile.situation) <= static_cast<std::size_t>(HousingSituation::overcrowded),
               "a household record with a bad stage, territory, skill or situation");
  }
  for (const auto& j : r.jobs) {
    in.require(row(j.territory_row) && j.household < r.households.size() &&
                   static_cast<std::size_t>(j.contract) < contract_count &&
                   static_cast<std::size_t>(j.reason) < job_end_names.size(),
               "a recorded job with a bad territory, household, contract or end");
  }
  return r;
}

Recorder::Recorder(const Simulation& simulation, sim::ArchiveReader& in) : record_(RunRecord::restore(in)) {
  in.require(record_.replication == simulation.seed().replication && record_.steps == simulation.steps() &&
                 record_.rows == simulation.territory_rows() && record_.origins == simulation.scenario().origins.size(),
             "recorded values of another run");
}

Recorder::Recorder(const Simulation& simulation) {
  record_.replication = simulation.seed().replication;
  record_.steps = simulation.steps();
  record_.rows = simulation.territory_rows();
  record_.origins = simulation.scenario().origins.size();
  record_.values.assign(metric_names().size() * static_cast<std::size_t>(record_.steps) * record_.rows, 0);
}

void Recorder::observe(const Simulation& simulation) {
  const sim::Step step = simulation.next_step() - 1;
  const auto at = [&](std::size_t metric, std::size_t row) -> std::int64_t& {
    return record_.values[(metric * static_cast<std::size_t>(record_.steps) + static_cast<std::size_t>(step)) * record_.rows + row];
  };
  for (std::size_t row = 0; row < record_.rows; ++row) {
    std::size_t metric = 0;
    for (Stage s : flow_stages) {
      at(metric++, row) = simulation.flow(row, s).households;
      at(metric++, row) = simulation.flow(row, s).persons;
    }
    for (Stage s : all_stages) at(metric++, row) = simulation.in_stage(row, s).households;
    for (Stage s : all_stages) at(metric++, row) = simulation.in_stage(row, s).persons;
    const ResourceLevels r = simulation.resources(row);
    for (std::int64_t level : {r.caseworkers, r.caseworker_capacity, r.caseworker_load, r.caseworker_queue,
                               r.immersion_queue, r.open_vacancies, r.programme_vacancies, r.vacant_dwellings,
                               r.reserved_dwellings}) {
      at(metric++, row) = level;
    }
  }
}

RunRecord Recorder::finish(const Simulation& simulation) {
  const sim::Step run = simulation.next_step();
  if (run < record_.steps) {  // stopped early: keep the steps run of every metric
    const std::size_t kept = static_cast<std::size_t>(run) * record_.rows, full = static_cast<std::size_t>(record_.steps) * record_.rows;
    for (std::size_t metric = 1; metric < metric_names().size(); ++metric) {
      std::copy_n(record_.values.begin() + static_cast<std::ptrdiff_t>(metric * full), kept,
                  record_.values.begin() + static_cast<std::ptrdiff_t>(metric * kept));
    }
    record_.values.resize(metric_names().size() * kept);
    record_.steps = run;
  }
  record_.transitions = simulation.transitions();
  record_.jobs = simulation.jobs();
  // Each origin's households entering each flow in each host.
  const std::size_t hosts = record_.rows - record_.origins;
  record_.origin_host_flows.assign(record_.origins * hosts * origin_host_flow_stages.size(), 0);
  const auto households = simulation.households();
  for (const auto& t : record_.transitions) {
    const auto flow = std::find(origin_host_flow_stages.begin(), origin_host_flow_stages.end(), t.to);
    const auto row = static_cast<std::size_t>(t.territory_row);
    if (flow == origin_host_flow_stages.end() || row < record_.origins) continue;
    const auto origin = static_cast<std::size_t>(households[t.household].origin);
    ++record_.origin_host_flows[(origin * hosts + row - record_.origins) * origin_host_flow_stages.size() +
                                static_cast<std::size_t>(flow - origin_host_flow_stages.begin())];
  }
  record_.households.reserve(simulation.households().size());
  const auto origins = static_cast<std::int16_t>(simulation.scenario().origins.size());
  for (const auto& h : simulation.households()) {
    const auto row = static_cast<std::int16_t>(h.territory == no_territory ? h.origin : origins + h.territory);
    record_.households.push_back({h.profile, h.stage, h.origin, row, h.visited, h.licence_aid, h.car_aid, h.home_commune});
  }
  return std::move(record_);
}

}  // namespace emile::models
