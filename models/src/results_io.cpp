#include "emile/models/results_io.hpp"

#include "emile/models/summary.hpp"

#include "emile/sim/results_file.hpp"
#include "emile/sim/statistics.hpp"

#include <chrono>
#include <ctime>

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
  sim::Table table;
  table.add_column("row", column<std::int64_t>(rows, [](std::size_t r) { return r; }), "territory index used in every other table")
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

sim::Table stage_table() {
  sim::Table table;
  table.add_column("code", column<std::int64_t>(stage_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(stage_count, [](std::size_t i) { return std::string(name(all_stages[i])); }));
  return table;
}

sim::Table events_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, step, household, territory;
  std::vector<std::uint8_t> from, to;
  for (const auto& run : result.runs) {
    for (const auto& t : run.transitions) {
      replication.push_back(run.replication);
      step.push_back(t.step);
      household.push_back(t.household);
      from.push_back(static_cast<std::uint8_t>(t.from));
      to.push_back(static_cast<std::uint8_t>(t.to));
      territory.push_back(t.territory_row);
    }
  }
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("step", std::move(step))
      .add_column("household", std::move(household))
      .add_column("from", std::move(from), "stage code, see /stages")
      .add_column("to", std::move(to), "stage code, see /stages")
      .add_column("territory", std::move(territory), "territory row, see /territories");
  return table;
}

sim::Table households_table(const EnsembleResult& result) {
  std::vector<std::int64_t> replication, household, territory;
  std::vector<std::uint8_t> adults, children, persons, skill, qualification, licence, car, situation, visited, stage;
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
      stage.push_back(static_cast<std::uint8_t>(h.final_stage));
    }
  }
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("adults", std::move(adults))
      .add_column("children", std::move(children))
      .add_column("persons", std::move(persons))
      .add_column("skill", std::move(skill), "sector code, see /sectors")
      .add_column("qualification", std::move(qualification), "0 none, 1 CAP/BEP, 2 bac, 3 higher")
      .add_column("licence", std::move(licence))
      .add_column("car", std::move(car))
      .add_column("situation", std::move(situation), "0 hotel, 1 shelter, 2 hosted, 3 overcrowded")
      .add_column("motivation", std::move(motivation))
      .add_column("rural_preference", std::move(rural))
      .add_column("territory", std::move(territory), "host territory row; 0 if none was proposed")
      .add_column("visited", std::move(visited), "made an immersion visit")
      .add_column("final_stage", std::move(stage), "stage code, see /stages");
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
  sim::Table table;
  table.add_column("replication", std::move(replication))
      .add_column("household", std::move(household))
      .add_column("territory", std::move(territory), "territory row")
      .add_column("employer", std::move(employer), "employer index within the territory")
      .add_column("contract", std::move(contract))
      .add_column("start_step", std::move(start))
      .add_column("end_step", std::move(end), "-1 while ongoing at the end of the run")
      .add_column("end_reason", std::move(reason));
  return table;
}

sim::Table summary_table(const EnsembleResult& result) {
  std::vector<Summary> summaries;
  for (const auto& run : result.runs) summaries.push_back(summarise(run, result.scenario));
  sim::Table table;
  table.add_column("replication", column<std::int64_t>(summaries.size(), [](std::size_t r) { return r; }));
  if (!summaries.empty()) {
    for (std::size_t c = 0; c < summaries[0].names.size(); ++c) {
      table.add_column(summaries[0].names[c], column<double>(summaries.size(), [&](std::size_t r) { return summaries[r].values[c]; }));
    }
  }
  table.add_column("first_visit_date",
                   column<std::string>(summaries.size(), [&](std::size_t r) { return summaries[r].first_visit_date; }),
                   "date of the first immersion visit, empty if none");
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
                      std::string_view analysis) {
  out.set_attribute("/", "schema_version", results_schema_version);
  out.set_attribute("/", "emile_version", std::string_view(EMILE_VERSION));
  out.set_attribute("/", "analysis", analysis);
  out.set_attribute("/", "scenario", std::string_view(scenario.run.name));
  out.set_attribute("/", "seed", static_cast<std::int64_t>(seed));
  out.set_attribute("/", "replications", replications);
  out.set_attribute("/", "start_date", std::string_view(scenario.run.start_date.iso()));
  out.set_attribute("/", "step_days", scenario.run.step_days);
  out.set_attribute("/", "created_utc", std::string_view(utc_now()));
}

void write_results(const std::filesystem::path& path, const EnsembleResult& result) {
  const Scenario& scenario = result.scenario;
  sim::ResultsWriter out(path);
  write_provenance(out, scenario, result.seed, static_cast<std::int64_t>(result.runs.size()), "run");

  out.write_text("/scenario", to_toml(scenario));
  out.write_table("/territories", territory_table(scenario));
  out.write_table("/stages", stage_table());
  sim::Table sectors;
  sectors.add_column("code", column<std::int64_t>(sector_count, [](std::size_t i) { return i; }))
      .add_column("name", column<std::string>(sector_count, [](std::size_t i) { return std::string(name(static_cast<Sector>(i))); }));
  out.write_table("/sectors", sectors);

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
  out.write_table("/events", events_table(result));
  out.write_table("/households", households_table(result));
  out.write_table("/jobs", jobs_table(result));
  out.write_table("/summary", summary_table(result));
  out.commit();
}

ResultsInfo read_results_info(const std::filesystem::path& path) {
  sim::ResultsReader in(path);
  ResultsInfo info;
  info.schema_version = in.attribute_int("/", "schema_version");
  info.emile_version = in.attribute_string("/", "emile_version");
  info.scenario = in.attribute_string("/", "scenario");
  info.seed = in.attribute_int("/", "seed");
  info.replications = in.attribute_int("/", "replications");
  info.start_date = in.attribute_string("/", "start_date");
  info.step_days = in.attribute_int("/", "step_days");
  info.created_utc = in.attribute_string("/", "created_utc");
  info.dates = in.read_strings("/timeseries/dates");
  info.territories = in.read_strings("/territories/code");
  const std::string columns = in.attribute_string("/summary", "columns");
  std::size_t begin = 0;
  while (begin <= columns.size()) {
    const std::size_t end = std::min(columns.find(',', begin), columns.size());
    const std::string name = columns.substr(begin, end - begin);
    if (name != "replication" && name != "first_visit_date") {
      const auto values = in.read_double("/summary/" + name);
      double sum = 0;
      for (double v : values) sum += v;
      info.summary_names.push_back(name);
      info.summary_means.push_back(values.empty() ? 0.0 : sum / static_cast<double>(values.size()));
    }
    begin = end + 1;
  }
  return info;
}

}  // namespace emile::models
