#include "emile/models/results/run_file_writer.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/recording/cost.hpp"
#include "emile/models/recording/outcomes.hpp"
#include "emile/models/recording/summary.hpp"
#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <utility>

namespace emile::models {
namespace {

// At most this many bytes of time series (or one cell of every replication) are read back at once to compute the
// statistics over replications: with the spool's group, what bounds the writer's memory whatever the replications.
constexpr std::size_t statistics_block_bytes = 2u << 20;

template <class T, class F>
std::vector<T> column(std::size_t rows, F&& value) {
  std::vector<T> out;
  out.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) out.push_back(static_cast<T>(value(i)));
  return out;
}

sim::Table territory_table(const Scenario& scenario) {
  const std::size_t rows = territory_rows(scenario);
  const std::size_t origins = scenario.origins.size();
  // A host's figure, 0 (or empty) on an origin's row.
  const auto of_host = [&](auto figure) {
    return [&scenario, origins, figure](std::size_t r) {
      return r < origins ? decltype(figure(scenario.territories[0])){} : figure(scenario.territories[r - origins]);
    };
  };
  const auto joined = [&](std::size_t r) {
    if (r >= origins) return scenario.territories[r - origins].join_date.iso();
    return std::max(scenario.origins[r].join_date, scenario.run.start_date).iso();
  };
  sim::Table table(tables::territories());
  table.add_column("row", column<std::int64_t>(rows, [](std::size_t r) { return r; }))
      .add_column("code", column<std::string>(rows, [&](std::size_t r) { return row_code(scenario, r); }))
      .add_column("name", column<std::string>(rows, [&](std::size_t r) { return row_name(scenario, r); }))
      .add_column("role", column<std::string>(rows, [&](std::size_t r) { return r < origins ? "origin" : "host"; }))
      .add_column("cohort", column<std::string>(rows, of_host([](const TerritorySettings& t) { return t.cohort; })))
      .add_column("join_date", column<std::string>(rows, joined))
      .add_column("leave_date", column<std::string>(rows, of_host([](const TerritorySettings& t) { return t.leave_date.iso(); })))
      .add_column("main_residences",
                  column<std::int64_t>(rows, of_host([](const TerritorySettings& t) { return t.main_residences; })))
      .add_column("vacant_dwellings",
                  column<std::int64_t>(rows, of_host([](const TerritorySettings& t) { return t.vacant_dwellings; })))
      .add_column("active", column<std::int64_t>(rows, of_host([](const TerritorySettings& t) { return t.active; })))
      .add_column("unemployed", column<std::int64_t>(rows, of_host([](const TerritorySettings& t) { return t.unemployed; })))
      .add_column("jobs", column<std::int64_t>(rows, of_host([](const TerritorySettings& t) { return t.jobs; })));
  return table;
}

// Every commune of every host territory's graph, territory by territory in graph order: a commune's row here is
// the offset of its territory plus its index in the territory's graph.
std::vector<std::size_t> commune_offsets(const Geography& geography) {
  std::vector<std::size_t> offsets{0};
  for (const auto& graph : geography.graphs) offsets.push_back(offsets.back() + graph->size());
  return offsets;
}

sim::Table communes_table(const Geography& geography) {
  std::vector<std::int64_t> row, territory, population;
  std::vector<std::string> code, name;
  std::vector<double> latitude, longitude;
  std::vector<std::uint8_t> hub, synthetic;
  for (std::size_t t = 0; t < geography.graphs.size(); ++t) {
    for (const Commune& c : geography.graphs[t]->communes()) {
      row.push_back(static_cast<std::int64_t>(row.size()));
      territory.push_back(static_cast<std::int64_t>(t + 1));
      code.push_back(c.code);
      name.push_back(c.name);
      latitude.push_back(c.latitude);
      longitude.push_back(c.longitude);
      population.push_back(c.population);
      hub.push_back(c.hub);
      synthetic.push_back(geography.synthetic);
    }
  }
  sim::Table table(tables::communes());
  table.add_column("row", std::move(row))
      .add_column("territory", std::move(territory))
      .add_column("code", std::move(code))
      .add_column("name", std::move(name))
      .add_column("latitude", std::move(latitude))
      .add_column("longitude", std::move(longitude))
      .add_column("population", std::move(population))
      .add_column("hub", std::move(hub))
      .add_column("synthetic", std::move(synthetic));
  return table;
}

sim::Table stage_table() {
  sim::Table table(tables::stages());
  table.add_column("code", column<std::int64_t>(stage_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(stage_count, [](std::size_t i) { return std::string(name(all_stages[i])); }));
  return table;
}

sim::Table events_table(const RunRecord& run) {
  std::vector<std::int64_t> replication, step, household, territory, queued_step;
  std::vector<std::uint8_t> from, to;
  for (const auto& t : run.transitions) {
    queued_step.push_back(t.queued_step);
    replication.push_back(run.replication);
    step.push_back(t.step);
    household.push_back(t.household);
    from.push_back(static_cast<std::uint8_t>(t.from));
    to.push_back(static_cast<std::uint8_t>(t.to));
    territory.push_back(t.territory_row);
  }
  sim::Table table(tables::events());
  table.add_column("replication", std::move(replication))
      .add_column("step", std::move(step))
      .add_column("household", std::move(household))
      .add_column("from", std::move(from))
      .add_column("to", std::move(to))
      .add_column("territory", std::move(territory))
      .add_column("queued_step", std::move(queued_step));
  return table;
}

// One replication's flows by origin and host: a row per origin and host.
sim::Table origin_host_table(const RunRecord& run, const Scenario& scenario) {
  std::vector<std::int64_t> replication;
  std::vector<std::string> origin, host;
  std::array<std::vector<std::int64_t>, origin_host_flow_stages.size()> flows;
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    for (std::size_t i = 0; i < scenario.territories.size(); ++i) {
      replication.push_back(run.replication);
      origin.push_back(scenario.origins[k].code);
      host.push_back(scenario.territories[i].code);
      for (std::size_t f = 0; f < flows.size(); ++f) flows[f].push_back(run.origin_host_flow(k, i, f));
    }
  }
  sim::Table table(tables::origin_host_flows());
  table.add_column("replication", std::move(replication)).add_column("origin", std::move(origin)).add_column("host", std::move(host));
  for (std::size_t f = 0; f < flows.size(); ++f) {
    table.add_column(std::string(name(origin_host_flow_stages[f])) + "_households", std::move(flows[f]));
  }
  return table;
}

// One replication's cost by origin (recording/cost.hpp): a row per origin, then the hosts' caseworkers.
sim::Table origin_cost_table(const RunRecord& run, const Scenario& scenario) {
  std::vector<CostBreakdown> parts;
  std::vector<std::string> origin;
  for (std::size_t k = 0; k < scenario.origins.size(); ++k) {
    parts.push_back(origin_cost(run, scenario, k));
    origin.push_back(scenario.origins[k].code);
  }
  CostBreakdown hosts;
  hosts.caseworkers_eur = hosts.gross_eur = hosts.net_eur = host_caseworkers_eur(run, scenario);
  hosts.gross_per_moved_eur = hosts.net_per_moved_eur = hosts.gross_per_settled_eur = hosts.net_per_settled_eur =
      std::numeric_limits<double>::quiet_NaN();
  parts.push_back(hosts);
  origin.emplace_back("hosts");
  using C = CostBreakdown;
  sim::Table table(tables::origin_costs());
  table.add_column("replication", std::vector<std::int64_t>(parts.size(), run.replication))
      .add_column("origin", std::move(origin))
      .add_column("caseworkers_eur", sim::column_of(parts, [](const C& c) { return c.caseworkers_eur; }))
      .add_column("stages_eur", sim::column_of(parts, [](const C& c) { return c.stages_eur; }))
      .add_column("mobility_aid_eur", sim::column_of(parts, [](const C& c) { return c.mobility_aid_eur; }))
      .add_column("gross_eur", sim::column_of(parts, [](const C& c) { return c.gross_eur; }))
      .add_column("avoided_eur", sim::column_of(parts, [](const C& c) { return c.avoided_eur; }))
      .add_column("net_eur", sim::column_of(parts, [](const C& c) { return c.net_eur; }))
      .add_column("moved_households", sim::column_of(parts, [](const C& c) { return static_cast<std::int64_t>(c.moved_households); }))
      .add_column("settled_households",
                  sim::column_of(parts, [](const C& c) { return static_cast<std::int64_t>(c.settled_households); }))
      .add_column("gross_per_moved_eur", sim::column_of(parts, [](const C& c) { return c.gross_per_moved_eur; }))
      .add_column("net_per_moved_eur", sim::column_of(parts, [](const C& c) { return c.net_per_moved_eur; }))
      .add_column("gross_per_settled_eur", sim::column_of(parts, [](const C& c) { return c.gross_per_settled_eur; }))
      .add_column("net_per_settled_eur", sim::column_of(parts, [](const C& c) { return c.net_per_settled_eur; }));
  return table;
}

// `origins`: the rows before the first host's, where a commune offset starts.
sim::Table households_table(const RunRecord& run, const std::vector<std::size_t>& offsets, std::size_t origins) {
  std::vector<std::int64_t> replication, household, origin, territory, dwelling_commune;
  std::vector<std::uint8_t> adults, children, persons, skill, qualification, licence, car, situation, visited, stage,
      licence_aid, car_aid;
  std::vector<double> motivation, rural;
  for (std::size_t i = 0; i < run.households.size(); ++i) {
    const auto& h = run.households[i];
    replication.push_back(run.replication);
    household.push_back(static_cast<std::int64_t>(i));
    origin.push_back(h.origin_row);
    adults.push_back(h.profile.adults);
    children.push_back(h.profile.children);
    persons.push_back(static_cast<std::uint8_t>(h.profile.persons()));
    skill.push_back(static_cast<std::uint8_t>(h.profile.skill));
    qualification.push_back(h.profile.qualification);
    licence.push_back(h.profile.licence);
    car.push_back(h.profile.car);
    situation.push_back(static_cast<std::uint8_t>(h.profile.situation));
    motivation.push_back(h.profile.motivation);
    rural.push_back(h.profile.rural_preference);
    territory.push_back(h.territory_row);
    visited.push_back(h.visited);
    licence_aid.push_back(h.licence_aid);
    car_aid.push_back(h.car_aid);
    stage.push_back(static_cast<std::uint8_t>(h.final_stage));
    dwelling_commune.push_back(h.home_commune == none ? -1
                                                      : static_cast<std::int64_t>(offsets[static_cast<std::size_t>(h.territory_row) - origins] +
                                                                                  static_cast<std::size_t>(h.home_commune)));
  }
  sim::Table table(tables::households());
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("origin", std::move(origin))
      .add_column("adults", std::move(adults))
      .add_column("children", std::move(children))
      .add_column("persons", std::move(persons))
      .add_column("skill", std::move(skill))
      .add_column("qualification", std::move(qualification))
      .add_column("licence", std::move(licence))
      .add_column("car", std::move(car))
      .add_column("situation", std::move(situation))
      .add_column("motivation", std::move(motivation))
      .add_column("rural_preference", std::move(rural))
      .add_column("territory", std::move(territory))
      .add_column("visited", std::move(visited))
      .add_column("licence_aid", std::move(licence_aid))
      .add_column("car_aid", std::move(car_aid))
      .add_column("final_stage", std::move(stage))
      .add_column("dwelling_commune", std::move(dwelling_commune));
  return table;
}

sim::Table jobs_table(const RunRecord& run) {
  std::vector<std::int64_t> replication, household, territory, employer, start, end;
  std::vector<std::string> contract, reason;
  for (const auto& j : run.jobs) {
    replication.push_back(run.replication);
    household.push_back(j.household);
    territory.push_back(j.territory_row);
    employer.push_back(j.employer);
    contract.emplace_back(name(j.contract));
    start.push_back(j.start);
    end.push_back(j.end);
    reason.emplace_back(job_end_names[static_cast<std::size_t>(j.reason)]);
  }
  sim::Table table(tables::jobs());
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("territory", std::move(territory))
      .add_column("employer", std::move(employer))
      .add_column("contract", std::move(contract))
      .add_column("start_step", std::move(start))
      .add_column("end_step", std::move(end))
      .add_column("end_reason", std::move(reason));
  return table;
}

sim::Table outcomes_table(const RunRecord& run, int step_days) {
  std::vector<std::int64_t> replication, territory, moved, employed, housed, returned, censored;
  std::vector<std::string> mark;
  const auto outcomes = outcomes_after_move(run, step_days);
  for (std::size_t row = 0; row < run.rows; ++row) {
    for (std::size_t m = 0; m < outcomes.size(); ++m) {
      const MarkOutcomes& o = outcomes[m][row];
      replication.push_back(run.replication);
      territory.push_back(static_cast<std::int64_t>(row));
      mark.emplace_back(outcome_mark_names[m]);
      moved.push_back(o.moved);
      employed.push_back(o.employed);
      housed.push_back(o.housed);
      returned.push_back(o.returned);
      censored.push_back(o.censored);
    }
  }
  sim::Table table(tables::outcomes());
  table.add_column("replication", std::move(replication))
      .add_column("territory", std::move(territory))
      .add_column("mark", std::move(mark))
      .add_column("moved", std::move(moved))
      .add_column("employed", std::move(employed))
      .add_column("housed", std::move(housed))
      .add_column("returned", std::move(returned))
      .add_column("censored", std::move(censored));
  return table;
}

sim::Table sectors_table() {
  sim::Table sectors(tables::sectors());
  sectors.add_column("code", column<std::int64_t>(sector_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(sector_count, [](std::size_t i) { return std::string(name(static_cast<Sector>(i))); }));
  return sectors;
}

}  // namespace

template <class Work>
void RunFileWriter::on_series(Work&& work) {
  try {
    work();
  } catch (const std::runtime_error& e) {  // a full disk, a file-size limit: a failure to write the results
    throw sim::ResultsFileError(out_.target().string() + ": the replications' time series: " + e.what());
  }
}

RunFileWriter::RunFileWriter(std::filesystem::path path, std::string invocation, RecordLevel level)
    : out_(std::move(path)), invocation_(std::move(invocation)), level_(level) {}

void RunFileWriter::begin(const EnsembleResult& run, std::size_t replications) {
  scenario_ = run.scenario;
  replications_ = replications;
  steps_ = run.dates.size();
  rows_ = territory_rows(scenario_);
  commune_offsets_ = commune_offsets(*run.geography);
  on_series([&] {
    series_.emplace(std::filesystem::absolute(out_.target()).parent_path(), replications_,
                    metric_names().size() * steps_ * rows_);
  });

  write_provenance(out_, scenario_, run.seed, static_cast<std::int64_t>(replications), "run", invocation_, run.posterior);
  out_.set_attribute("/", "record", name(level_));
  out_.set_attribute("/", "world", world_draw_names[static_cast<std::size_t>(scenario_.run.world)]);
  out_.set_attribute("/", "stopped_after", run.stopped_after ? run.stopped_after->iso() : std::string());
  parameter_uncertainty_ = !run.posterior.empty();
  out_.write_text("/scenario", to_toml(scenario_));
  out_.write_table(territory_table(scenario_));
  out_.write_table(communes_table(*run.geography));
  out_.write_table(stage_table());
  out_.write_table(sectors_table());
  out_.write_strings("/timeseries/dates", run.dates);
}

void RunFileWriter::add(RunRecord record) {
  {
    const std::lock_guard lock(mutex_);
    waiting_.emplace(record.replication, std::move(record));
    if (writing_) return;  // the thread writing will take it in turn
    writing_ = true;
  }
  // This thread writes every record that is next in order, until the next one has not arrived.
  try {
    while (true) {
      RunRecord next;
      {
        const std::lock_guard lock(mutex_);
        const auto found = waiting_.find(next_);
        if (found == waiting_.end()) {
          writing_ = false;
          return;
        }
        next = std::move(found->second);
        waiting_.erase(found);
      }
      write(next);
      const std::lock_guard lock(mutex_);
      ++next_;
    }
  } catch (...) {
    const std::lock_guard lock(mutex_);
    writing_ = false;
    throw;
  }
}

void RunFileWriter::write(const RunRecord& record) {
  on_series([&] { series_->append(record.values); });
  const auto& names = metric_names();
  const std::array<std::size_t, 2> step_by_row{steps_, rows_};
  if (level_ >= RecordLevel::series) {
    for (std::size_t m = 0; m < names.size(); ++m) {
      const std::span<const std::int64_t> series(record.values.data() + m * steps_ * rows_, steps_ * rows_);
      out_.append_array("/timeseries/" + names[m], series, step_by_row);
    }
    out_.append_table(outcomes_table(record, static_cast<int>(scenario_.run.step_days)));
  }
  if (level_ >= RecordLevel::full) {
    out_.append_table(events_table(record));
    out_.append_table(households_table(record, commune_offsets_, scenario_.origins.size()));
    out_.append_table(jobs_table(record));
  }
  const Summary summary = summarise(record, scenario_);
  sim::Table row(tables::summary());
  row.add_column("replication", std::vector<std::int64_t>{record.replication});
  for (std::size_t c = 0; c < summary.names.size(); ++c) row.add_column(summary.names[c], std::vector<double>{summary.values[c]});
  row.add_column("first_visit_date", std::vector<std::string>{summary.first_visit_date});
  out_.append_table(row);
  out_.append_table(origin_host_table(record, scenario_));
  out_.append_table(origin_cost_table(record, scenario_));
}

// /ensemble/<metric>/{mean,q05,q50,q95}: per step and territory, over replications, read back from the spool a
// block of cells at a time.
void RunFileWriter::write_ensemble_statistics() {
  const std::size_t cells = steps_ * rows_;
  const std::size_t block = std::clamp<std::size_t>(statistics_block_bytes / (sizeof(std::int64_t) * replications_), 1, std::max<std::size_t>(cells, 1));
  const std::array<std::size_t, 2> shape{steps_, rows_};
  const auto& names = metric_names();
  std::vector<double> values(replications_);
  for (std::size_t m = 0; m < names.size(); ++m) {
    std::vector<double> mean(cells), q05(cells), q50(cells), q95(cells);
    for (std::size_t first = 0; first < cells; first += block) {
      const std::size_t count = std::min(block, cells - first);
      std::vector<std::int64_t> data;
      on_series([&] { data = series_->read(m * cells + first, count); });
      for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t r = 0; r < replications_; ++r) values[r] = static_cast<double>(data[r * count + i]);
        mean[first + i] = sim::mean(values);
        q05[first + i] = sim::quantile(values, 0.05);
        q50[first + i] = sim::quantile(values, 0.50);
        q95[first + i] = sim::quantile(values, 0.95);
      }
    }
    const std::string group = "/ensemble/" + names[m];
    out_.write_array(group + "/mean", mean, shape);
    out_.write_array(group + "/q05", q05, shape);
    out_.write_array(group + "/q50", q50, shape);
    out_.write_array(group + "/q95", q95, shape);
  }
  out_.set_attribute("/ensemble", "parameter_uncertainty", std::int64_t{parameter_uncertainty_ ? 1 : 0});
}

void RunFileWriter::commit(const std::atomic<bool>* cancel) {
  if (next_ != replications_ || !series_) {
    throw std::logic_error("results of " + std::to_string(replications_) + " replications: " + std::to_string(next_) +
                           " written");
  }
  write_ensemble_statistics();
  commit_unless_cancelled(out_, cancel);
}

}  // namespace emile::models
