// Simulation: one replication, advanced step by step from Python, with its state returned as pandas
// DataFrames. It owns what run_ensemble builds for each run: an executor, the geography and the simulation.
#include "bindings.hpp"

#include "emile/models/geography.hpp"
#include "emile/models/simulation.hpp"
#include "emile/sim/executor.hpp"


#include <memory>
#include <mutex>
#include <optional>

namespace emile::python {
namespace {

/// A replication owned by Python. Thread-safety: steps run with the GIL released; a mutex keeps queries
/// from reading the state while another thread steps it.
class PySimulation {
 public:
  PySimulation(const models::Scenario& scenario, std::optional<std::int64_t> seed, std::uint32_t replication, int threads)
      : seed_(static_cast<std::uint64_t>(seed.value_or(scenario.run.seed))), replication_(replication) {
    if (seed && *seed < 0) throw py::value_error("seed must be ≥ 0, not " + std::to_string(*seed));
    check_threads(threads);
    const models::Scenario copy = scenario;  // taken with the GIL held: Python may change `scenario` meanwhile
    models::validate(copy);  // scenario[key] = value checks only each parameter's own rule
    executor_ = std::make_unique<sim::Executor>(threads);
    py::gil_scoped_release release;
    geography_ = std::make_shared<const models::Geography>(models::build_geography(copy, *executor_));
    simulation_ = std::make_unique<models::Simulation>(copy, geography_, seed_, replication_, *executor_);
  }

  void step() {
    if (simulation_->done()) throw std::logic_error("the simulation is done: every step of the run has been run");
    py::gil_scoped_release release;
    const std::lock_guard lock(mutex_);
    simulation_->step();
  }

  /// Runs steps until the step containing `until` has run (every step when none), checking for Ctrl-C between
  /// steps. Returns the number of steps run.
  sim::Step run(std::optional<sim::Date> until) {
    const sim::Step last = until ? std::min(clock().step_of(*until), simulation_->steps() - 1) : simulation_->steps() - 1;
    sim::Step count = 0;
    while (!simulation_->done() && simulation_->next_step() <= last) {
      {
        py::gil_scoped_release release;
        const std::lock_guard lock(mutex_);
        simulation_->step();
      }
      ++count;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
    return count;
  }

  /// The last simulated day: the recorded date of the last step run (the day before the start before any).
  sim::Date date() const { return clock().start().plus_days(simulation_->next_step() * clock().step_days() - 1); }

  const models::Simulation& state() const { return *simulation_; }
  const sim::Clock& clock() const { return simulation_->clock(); }
  std::uint64_t seed() const { return seed_; }
  std::uint32_t replication() const { return replication_; }
  std::mutex& mutex() const { return mutex_; }

 private:
  std::uint64_t seed_;
  std::uint32_t replication_;
  // Declared before the simulation, which uses them: destroyed after it.
  std::unique_ptr<sim::Executor> executor_;
  std::shared_ptr<const models::Geography> geography_;
  std::unique_ptr<models::Simulation> simulation_;
  mutable std::mutex mutex_;
};

std::vector<std::string> row_codes(const models::Scenario& scenario) {
  std::vector<std::string> codes{scenario.origin.code};
  for (const auto& t : scenario.territories) codes.push_back(t.code);
  return codes;
}

std::vector<std::string> stage_names() {
  std::vector<std::string> names;
  for (const auto s : models::all_stages) names.emplace_back(models::name(s));
  return names;
}

py::object dates(const std::vector<std::string>& iso) {
  return py::module_::import("pandas").attr("to_datetime")(py::cast(iso));
}

// A territories × stages frame of `value(row, stage)`, indexed by territory code.
template <class Stages, class Value>
DataFrame per_territory_and_stage(const models::Simulation& s, const Stages& stages, Value&& value) {
  py::dict columns;
  columns["territory"] = row_codes(s.scenario());
  for (const auto stage : stages) {
    std::vector<std::int64_t> values;
    for (std::size_t row = 0; row < s.territory_rows(); ++row) values.push_back(value(row, stage));
    columns[py::str(std::string(models::name(stage)))] = to_array(values);
  }
  return data_frame(columns, "territory");
}

DataFrame households(const PySimulation& owner) {
  const std::lock_guard lock(owner.mutex());
  const auto& s = owner.state();
  const auto all = s.households();
  std::vector<std::int64_t> id, stage, territory, skill, stage_since;
  std::vector<std::int64_t> adults, children, persons, qualification, situation;
  std::vector<bool> licence, car, visited, employed;
  std::vector<double> motivation, rural;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& h = all[i];
    id.push_back(static_cast<std::int64_t>(i));
    stage.push_back(static_cast<std::int64_t>(h.stage));
    territory.push_back(h.territory == models::no_territory ? -1 : h.territory + 1);
    adults.push_back(h.profile.adults);
    children.push_back(h.profile.children);
    persons.push_back(h.profile.persons());
    skill.push_back(static_cast<std::int64_t>(h.profile.skill));
    qualification.push_back(h.profile.qualification);
    licence.push_back(h.profile.licence);
    car.push_back(h.profile.car);
    situation.push_back(static_cast<std::int64_t>(h.profile.situation));
    motivation.push_back(h.profile.motivation);
    rural.push_back(h.profile.rural_preference);
    visited.push_back(h.visited);
    employed.push_back(h.employed);
    stage_since.push_back(h.stage_since);
  }
  std::vector<std::string> sectors;
  for (std::size_t i = 0; i < models::sector_count; ++i) sectors.emplace_back(models::name(static_cast<models::Sector>(i)));
  const auto flags = [](const std::vector<bool>& v) {
    py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
  };
  py::dict columns;
  columns["household"] = to_array(id);
  columns["stage"] = categorical(stage, stage_names());
  columns["territory"] = categorical(territory, row_codes(s.scenario()));
  columns["adults"] = to_array(adults);
  columns["children"] = to_array(children);
  columns["persons"] = to_array(persons);
  columns["skill"] = categorical(skill, sectors);
  columns["qualification"] = to_array(qualification);
  columns["licence"] = flags(licence);
  columns["car"] = flags(car);
  columns["situation"] = to_array(situation);
  columns["motivation"] = to_array(motivation);
  columns["rural_preference"] = to_array(rural);
  columns["visited"] = flags(visited);
  columns["employed"] = flags(employed);
  columns["stage_since"] = to_array(stage_since);
  return data_frame(columns);
}

DataFrame territories(const PySimulation& owner) {
  const std::lock_guard lock(owner.mutex());
  const auto& s = owner.state();
  const auto& scenario = s.scenario();
  std::vector<std::int64_t> row, dwellings, employers;
  std::vector<std::string> name, role, cohort, join;
  for (std::size_t r = 0; r < s.territory_rows(); ++r) {
    row.push_back(static_cast<std::int64_t>(r));
    if (r == 0) {
      name.push_back(scenario.origin.name);
      role.emplace_back("origin");
      cohort.emplace_back();
      join.push_back(scenario.run.start_date.iso());
      dwellings.push_back(0);
      employers.push_back(0);
    } else {
      const auto& t = scenario.territories[r - 1];
      name.push_back(t.name);
      role.emplace_back("host");
      cohort.push_back(t.cohort);
      join.push_back(t.join_date.iso());
      dwellings.push_back(static_cast<std::int64_t>(s.housing(r - 1).size()));
      employers.push_back(static_cast<std::int64_t>(s.labour(r - 1).employers()));
    }
  }
  py::dict columns;
  columns["row"] = to_array(row);
  columns["code"] = row_codes(scenario);
  columns["name"] = name;
  columns["role"] = role;
  columns["cohort"] = cohort;
  columns["join_date"] = dates(join);
  columns["dwellings"] = to_array(dwellings);
  columns["employers"] = to_array(employers);
  return data_frame(columns);
}

DataFrame resources(const PySimulation& owner) {
  const std::lock_guard lock(owner.mutex());
  const auto& s = owner.state();
  std::vector<std::int64_t> capacity, load, queue, immersion, open, programme, vacant, reserved;
  for (std::size_t row = 0; row < s.territory_rows(); ++row) {
    const auto r = s.resources(row);
    capacity.push_back(r.caseworker_capacity);
    load.push_back(r.caseworker_load);
    queue.push_back(r.caseworker_queue);
    immersion.push_back(r.immersion_queue);
    open.push_back(r.open_vacancies);
    programme.push_back(r.programme_vacancies);
    vacant.push_back(r.vacant_dwellings);
    reserved.push_back(r.reserved_dwellings);
  }
  py::dict columns;
  columns["territory"] = row_codes(s.scenario());
  columns["caseworker_capacity"] = to_array(capacity);
  columns["caseworker_load"] = to_array(load);
  columns["caseworker_queue"] = to_array(queue);
  columns["immersion_queue"] = to_array(immersion);
  columns["open_vacancies"] = to_array(open);
  columns["programme_vacancies"] = to_array(programme);
  columns["vacant_dwellings"] = to_array(vacant);
  columns["reserved_dwellings"] = to_array(reserved);
  return data_frame(columns, "territory");
}

DataFrame events(const PySimulation& owner) {
  const std::lock_guard lock(owner.mutex());
  const auto& s = owner.state();
  std::vector<std::int64_t> step, household, from, to, territory;
  std::vector<std::string> date;
  for (const auto& t : s.transitions()) {
    step.push_back(t.step);
    date.push_back(s.clock().last_day(t.step).iso());
    household.push_back(t.household);
    from.push_back(static_cast<std::int64_t>(t.from));
    to.push_back(static_cast<std::int64_t>(t.to));
    territory.push_back(t.territory_row);
  }
  py::dict columns;
  columns["step"] = to_array(step);
  columns["date"] = dates(date);
  columns["household"] = to_array(household);
  columns["from"] = categorical(from, stage_names());
  columns["to"] = categorical(to, stage_names());
  columns["territory"] = categorical(territory, row_codes(s.scenario()));
  return data_frame(columns);
}

DataFrame jobs(const PySimulation& owner) {
  const std::lock_guard lock(owner.mutex());
  const auto& s = owner.state();
  std::vector<std::int64_t> household, territory, employer, contract, start, end, reason;
  for (const auto& j : s.jobs()) {
    household.push_back(j.household);
    territory.push_back(j.territory_row);
    employer.push_back(j.employer);
    contract.push_back(static_cast<std::int64_t>(j.contract));
    start.push_back(j.start);
    end.push_back(j.end);
    reason.push_back(static_cast<std::int64_t>(j.reason));
  }
  std::vector<std::string> contracts, reasons;
  for (std::size_t i = 0; i < models::contract_count; ++i) contracts.emplace_back(models::name(static_cast<models::Contract>(i)));
  for (const auto r : models::job_end_names) reasons.emplace_back(r);
  py::dict columns;
  columns["household"] = to_array(household);
  columns["territory"] = categorical(territory, row_codes(s.scenario()));
  columns["employer"] = to_array(employer);
  columns["contract"] = categorical(contract, contracts);
  columns["start_step"] = to_array(start);
  columns["end_step"] = to_array(end);
  columns["end_reason"] = categorical(reason, reasons);
  return data_frame(columns);
}

}  // namespace

void bind_simulation(py::module_& m) {
  py::class_<PySimulation> simulation(
      m, "Simulation",
      "One replication of a scenario, advanced step by step; its state comes back as pandas DataFrames.\n\n"
      "Replication r of seed s is the same run as replication r of `emile.run(scenario, seed=s)`.\n\n"
      "    sim = emile.Simulation(scenario, seed=1)\n"
      "    sim.run(until='2019-12-31')\n"
      "    sim.stage_counts()");

  simulation.def(py::init<const models::Scenario&, std::optional<std::int64_t>, std::uint32_t, int>(), py::arg("scenario"),
                 py::arg("seed") = py::none(), py::arg("replication") = 0, py::arg("threads") = 0,
                 "Builds the replication's world from a copy of `scenario`: geography, households, housing stocks, "
                 "labour markets. `seed` defaults to the scenario's run.seed; `threads` = 0 uses every core (results "
                 "do not depend on it). Raises ScenarioError (a ValueError) for an unusable scenario.");

  simulation.def("step", &PySimulation::step,
                 "Runs the next step (advancing `date` by step_days). Raises RuntimeError when done.");
  simulation.def("run", &PySimulation::run, py::arg("until") = py::none(),
                 "Runs steps until the step containing `until` (datetime.date or 'YYYY-MM-DD') has run, or to the end "
                 "when None; returns the number of steps run. Ctrl-C stops between two steps with KeyboardInterrupt, "
                 "leaving a consistent state.");
  simulation.def_property_readonly("date", &PySimulation::date,
                                   "datetime.date: the last simulated day, i.e. the recorded date of the last step run "
                                   "(results files use the same dates); the day before run.start_date before the "
                                   "first step.");
  simulation.def_property_readonly("done", [](const PySimulation& s) { return s.state().done(); },
                                   "bool: True when every step of the run has been run.");
  simulation.def_property_readonly("next_step", [](const PySimulation& s) { return s.state().next_step(); },
                                   "int: index of the next step to run, i.e. the number of steps run so far.");
  simulation.def_property_readonly("steps", [](const PySimulation& s) { return s.state().steps(); },
                                   "int: number of steps in the run.");
  simulation.def_property_readonly("seed", &PySimulation::seed, "int: the seed.");
  simulation.def_property_readonly("replication", &PySimulation::replication, "int: the replication index.");
  simulation.def_property_readonly(
      "scenario",
      [](const PySimulation& s) {
        const std::lock_guard lock(s.mutex());
        return s.state().scenario();
      },
      "Scenario: a copy of the scenario as it stands now (levers changed by timeline events included).");

  simulation.def("households", &households,
                 "One row per household of the pool: household (id), stage, territory (host territory code from the "
                 "proposal on, NaN before), adults, children, persons, skill (sector), qualification (0 none … 3 "
                 "higher), licence, car, situation (0 hotel, 1 shelter, 2 hosted, 3 overcrowded), motivation, "
                 "rural_preference, visited, employed, stage_since (step the stage was entered).");
  simulation.def("territories", &territories,
                 "One row per territory row (0: the origin, then the hosts in scenario order): row, code, name, role, "
                 "cohort, join_date, dwellings (housing stock size), employers.");
  simulation.def(
      "stage_counts",
      [](const PySimulation& owner, bool persons) {
        const std::lock_guard lock(owner.mutex());
        const auto& s = owner.state();
        return per_territory_and_stage(s, models::all_stages, [&](std::size_t row, models::Stage stage) {
          return persons ? s.in_stage(row, stage).persons : s.in_stage(row, stage).households;
        });
      },
      py::arg("persons") = false,
      "Households (or persons, when `persons`) in each stage (columns) per territory (index: code) at the end of "
      "the last step; counts are attributed to the host territory from the proposal on, to the origin before. "
      "The households sum to the pool size.");
  simulation.def(
      "flows",
      [](const PySimulation& owner, bool persons) {
        const std::lock_guard lock(owner.mutex());
        const auto& s = owner.state();
        return per_territory_and_stage(s, models::flow_stages, [&](std::size_t row, models::Stage stage) {
          return persons ? s.flow(row, stage).persons : s.flow(row, stage).households;
        });
      },
      py::arg("persons") = false,
      "Households (or persons, when `persons`) entering each stage (columns) during the last step, per territory "
      "(index: code).");
  simulation.def("resources", &resources,
                 "Resource levels per territory (index: code) at the end of the last step: caseworker_capacity, "
                 "caseworker_load, caseworker_queue, immersion_queue, open_vacancies, programme_vacancies, "
                 "vacant_dwellings, reserved_dwellings (see docs/output-format.md, Metrics).");
  simulation.def("events", &events,
                 "Every stage change so far, in order: step, date, household, from, to, territory.");
  simulation.def("jobs", &jobs,
                 "Every job spell so far: household, territory, employer, contract, start_step, end_step (-1 while "
                 "ongoing), end_reason.");
  simulation.def("__repr__", [](const PySimulation& s) {
    return "<Simulation '" + s.state().scenario().run.name + "' seed " + std::to_string(s.seed()) + " replication " +
           std::to_string(s.replication()) + ", step " + std::to_string(s.state().next_step()) + "/" +
           std::to_string(s.state().steps()) + ", " + s.date().iso() + ">";
  });
}

}  // namespace emile::python
