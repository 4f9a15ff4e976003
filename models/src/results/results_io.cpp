#include "emile/models/results/results_io.hpp"
#include "emile/models/results/tables.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/recording/outcomes.hpp"
#include "emile/models/recording/recorder.hpp"
#include "emile/models/recording/summary.hpp"

#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <utility>

namespace emile::models {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

template <class T, class F>
std::vector<T> column(std::size_t rows, F&& value) {
  std::vector<T> out;
  out.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) out.push_back(static_cast<T>(value(i)));
  return out;
}

sim::Table territory_table(const Scenario& scenario) {
  const std::size_t rows = 1 + scenario.territories.size();
  const auto host = [&](std::size_t row) -> const TerritorySettings& { return scenario.territories[row - 1]; };
  sim::Table table(tables::territories());
  table.add_column("row", column<std::int64_t>(rows, [](std::size_t r) { return r; }))
      .add_column("code", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).code : scenario.origin.code; }))
      .add_column("name", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).name : scenario.origin.name; }))
      .add_column("role", column<std::string>(rows, [](std::size_t r) { return r ? "host" : "origin"; }))
      .add_column("cohort", column<std::string>(rows, [&](std::size_t r) { return r ? host(r).cohort : std::string(); }))
      .add_column("join_date",
                  column<std::string>(rows, [&](std::size_t r) { return r ? host(r).join_date.iso() : scenario.run.start_date.iso(); }))
      .add_column("main_residences", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).main_residences : 0; }))
      .add_column("vacant_dwellings", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).vacant_dwellings : 0; }))
      .add_column("active", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).active : 0; }))
      .add_column("unemployed", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).unemployed : 0; }))
      .add_column("jobs", column<std::int64_t>(rows, [&](std::size_t r) { return r ? host(r).jobs : 0; }));
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

sim::Table events_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, step, household, territory, queued_step;
  std::vector<std::uint8_t> from, to;
  for (const auto& run : result.runs) {
    for (const auto& t : run.transitions) {
      queued_step.push_back(t.queued_step);
      replication.push_back(run.replication);
      step.push_back(t.step);
      household.push_back(t.household);
      from.push_back(static_cast<std::uint8_t>(t.from));
      to.push_back(static_cast<std::uint8_t>(t.to));
      territory.push_back(t.territory_row);
    }
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

sim::Table households_table(const EnsembleResult& result) {
  const std::vector<std::size_t> offsets = commune_offsets(*result.geography);
  std::vector<std::int64_t> replication, household, territory, dwelling_commune;
  std::vector<std::uint8_t> adults, children, persons, skill, qualification, licence, car, situation, visited, stage,
      licence_aid, car_aid;
  std::vector<double> motivation, rural;
  for (const auto& run : result.runs) {
    for (std::size_t i = 0; i < run.households.size(); ++i) {
      const auto& h = run.households[i];
      replication.push_back(run.replication);
      household.push_back(static_cast<std::int64_t>(i));
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
                                                        : static_cast<std::int64_t>(offsets[static_cast<std::size_t>(h.territory_row - 1)] +
                                                                                    static_cast<std::size_t>(h.home_commune)));
    }
  }
  sim::Table table(tables::households());
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
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

sim::Table jobs_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, household, territory, employer, start, end;
  std::vector<std::string> contract, reason;
  for (const auto& run : result.runs) {
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

sim::Table outcomes_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, territory, moved, employed, housed, returned, censored;
  std::vector<std::string> mark;
  const int step_days = static_cast<int>(result.scenario.run.step_days);
  for (const auto& run : result.runs) {
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

sim::Table summary_table(const EnsembleResult& result) {
  std::vector<Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(summarise(run, result.scenario));
  sim::Table table(tables::summary());
  table.add_column("replication", column<std::int64_t>(summaries.size(), [](std::size_t r) { return r; }));
  if (!summaries.empty()) {
    for (std::size_t c = 0; c < summaries[0].names.size(); ++c) {
      table.add_column(summaries[0].names[c], column<double>(summaries.size(), [&](std::size_t r) { return summaries[r].values[c]; }));
    }
  }
  table.add_column("first_visit_date",
                   column<std::string>(summaries.size(), [&](std::size_t r) { return summaries[r].first_visit_date; }));
  return table;
}

// /ensemble/<metric>/{mean,q05,q50,q95}: per step and territory, over replications.
void write_ensemble_statistics(sim::ResultsWriter& out, const std::string& metric, const std::vector<std::int64_t>& data,
                               std::size_t replications, std::size_t cells, std::array<std::size_t, 2> shape) {
  std::vector<double> mean(cells), q05(cells), q50(cells), q95(cells), values(replications);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    for (std::size_t r = 0; r < replications; ++r) values[r] = static_cast<double>(data[r * cells + cell]);
    mean[cell] = sim::mean(values);
    q05[cell] = sim::quantile(values, 0.05);
    q50[cell] = sim::quantile(values, 0.50);
    q95[cell] = sim::quantile(values, 0.95);
  }
  const std::string group = "/ensemble/" + metric;
  out.write_array(group + "/mean", mean, shape);
  out.write_array(group + "/q05", q05, shape);
  out.write_array(group + "/q50", q50, shape);
  out.write_array(group + "/q95", q95, shape);
}

}  // namespace

void write_provenance(sim::ResultsWriter& out, const Scenario& scenario, std::uint64_t seed, std::int64_t replications,
                      std::string_view analysis, std::string_view invocation) {
  out.set_attribute("/", "schema_version", results_schema_version);
  out.set_attribute("/", "emile_version", std::string_view(EMILE_VERSION));
  out.set_attribute("/", "analysis", analysis);
  out.set_attribute("/", "invocation", invocation);
  out.set_attribute("/", "scenario", std::string_view(scenario.run.name));
  out.set_attribute("/", "seed", static_cast<std::int64_t>(seed));
  out.set_attribute("/", "replications", replications);
  out.set_attribute("/", "start_date", std::string_view(scenario.run.start_date.iso()));
  out.set_attribute("/", "step_days", scenario.run.step_days);
  out.set_attribute("/", "created_utc", std::string_view(utc_now()));
}

void commit_unless_cancelled(sim::ResultsWriter& out, const std::atomic<bool>* cancel) {
  if (cancel && cancel->load()) throw Cancelled();
  out.commit();
}

void write_results(const std::filesystem::path& path, std::string_view invocation, const EnsembleResult& result,
                   const std::atomic<bool>* cancel) {
  const Scenario& scenario = result.scenario;
  sim::ResultsWriter out(path);
  write_provenance(out, scenario, result.seed, static_cast<std::int64_t>(result.runs.size()), "run", invocation);

  out.write_text("/scenario", to_toml(scenario));
  out.write_table(territory_table(scenario));
  out.write_table(communes_table(*result.geography));
  out.write_table(stage_table());
  sim::Table sectors(tables::sectors());
  sectors.add_column("code", column<std::int64_t>(sector_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(sector_count, [](std::size_t i) { return std::string(name(static_cast<Sector>(i))); }));
  out.write_table(sectors);

  out.write_strings("/timeseries/dates", result.dates);
  const std::size_t replications = result.runs.size();
  const std::size_t steps = result.dates.size();
  const std::size_t rows = 1 + scenario.territories.size();
  const std::array<std::size_t, 3> shape{replications, steps, rows};
  std::vector<std::int64_t> data(replications * steps * rows);
  const auto& names = metric_names();
  for (std::size_t m = 0; m < names.size(); ++m) {
    for (std::size_t r = 0; r < replications; ++r) {
      const auto* first = result.runs[r].values.data() + m * steps * rows;
      std::copy(first, first + steps * rows, data.begin() + static_cast<std::ptrdiff_t>(r * steps * rows));
    }
    out.write_array("/timeseries/" + names[m], data, shape);
    write_ensemble_statistics(out, names[m], data, replications, steps * rows, {steps, rows});
  }
  out.write_table(events_table(result));
  out.write_table(households_table(result));
  out.write_table(jobs_table(result));
  out.write_table(outcomes_table(result));
  out.write_table(summary_table(result));
  commit_unless_cancelled(out, cancel);
}

}  // namespace emile::models
