// Simulation: one replication, advanced step by step from Python, with its state returned as pandas
// DataFrames. It owns what run_ensemble builds for each run: an executor, the geography and the simulation.
#include "bindings.hpp"

#include "emile/models/agents/geography.hpp"
#include "emile/models/pathway/simulation.hpp"
#include "emile/sim/executor.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace emile::python {
namespace {

/// A replication owned by Python.
///
/// Lock rule. Several Python threads may step and query one Simulation. The mutex guards the simulation's state;
/// it is taken only with the GIL released and let go before the GIL is taken back, so no Python object is created
/// or touched while it is held: queries copy what they need into plain C++ values under the lock (`read`), then
/// build their DataFrames. (Running Python code under the mutex deadlocks: Python hands the GIL to another thread
/// every few milliseconds, and that thread may then wait for the mutex while holding the GIL.)
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

  /// Runs `read(const models::Simulation&)` under the lock rule and returns its result, which must hold no
  /// Python object.
  template <class Read>
  auto read(Read&& read) const {
    py::gil_scoped_release release;
    const std::lock_guard lock(mutex_);
    return read(std::as_const(*simulation_));
  }

  void step() {
    py::gil_scoped_release release;
    const std::lock_guard lock(mutex_);
    if (simulation_->done()) throw std::logic_error("the simulation is done: every step of the run has been run");
    simulation_->step();
  }

  /// Runs every step before the one containing `until` (every step when none), checking for Ctrl-C between steps:
  /// what happens next happens from `until` on, as `emile run --until` pauses. Returns the number of steps run.
  sim::Step run(std::optional<sim::Date> until) {
    const sim::Step last = until ? std::min(clock().step_of(*until) - 1, simulation_->steps() - 1) : simulation_->steps() - 1;
    sim::Step count = 0;
    for (;;) {
      {
        py::gil_scoped_release release;
        const std::lock_guard lock(mutex_);
        if (simulation_->done() || simulation_->next_step() > last) break;
        simulation_->step();
      }
      ++count;
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
    return count;
  }

  /// The last simulated day: the recorded date of the last step run (the day before the start before any).
  sim::Date date() const {
    const sim::Step next = read([](const models::Simulation& s) { return s.next_step(); });
    return clock().start().plus_days(next * clock().step_days() - 1);
  }

  /// Fixed when the world is built: read without the lock.
  const sim::Clock& clock() const { return simulation_->clock(); }
  sim::Step steps() const { return simulation_->steps(); }
  std::uint64_t seed() const { return seed_; }
  std::uint32_t replication() const { return replication_; }

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
  std::vector<std::string> codes;
  for (std::size_t r = 0; r < models::territory_rows(scenario); ++r) codes.push_back(models::row_code(scenario, r));
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

py::array_t<bool> flags(const std::vector<bool>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

// A territories × stages frame of `value(simulation, row, stage)`, indexed by territory code.
template <class Stages, class Value>
DataFrame per_territory_and_stage(const PySimulation& owner, const Stages& stages, Value&& value) {
  struct Counts {
    std::vector<std::string> codes;
    std::vector<std::vector<std::int64_t>> per_stage;
  };
  const Counts counts = owner.read([&](const models::Simulation& s) {
    Counts c{row_codes(s.scenario()), {}};
    for (const auto stage : stages) {
      auto& values = c.per_stage.emplace_back();
      for (std::size_t row = 0; row < s.territory_rows(); ++row) values.push_back(value(s, row, stage));
    }
    return c;
  });
  py::dict columns;
  columns["territory"] = counts.codes;
  std::size_t k = 0;
  for (const auto stage : stages) columns[py::str(std::string(models::name(stage)))] = to_array(counts.per_stage[k++]);
  return data_frame(columns, "territory");
}

DataFrame households(const PySimulation& owner) {
  struct Columns {
    std::vector<std::int64_t> id, stage, origin, territory, skill, stage_since, adults, children, persons, qualification,
        situation;
    std::vector<bool> licence, car, visited, employed, licence_aid, car_aid;
    std::vector<double> motivation, rural;
    std::vector<std::string> codes;
  };
  const Columns c = owner.read([](const models::Simulation& s) {
    Columns c;
    c.codes = row_codes(s.scenario());
    const auto origins = static_cast<std::int64_t>(s.scenario().origins.size());
    const auto all = s.households();
    for (std::size_t i = 0; i < all.size(); ++i) {
      const auto& h = all[i];
      c.id.push_back(static_cast<std::int64_t>(i));
      c.stage.push_back(static_cast<std::int64_t>(h.stage));
      c.origin.push_back(h.origin);
      c.territory.push_back(h.territory == models::no_territory ? -1 : origins + h.territory);
      c.adults.push_back(h.profile.adults);
      c.children.push_back(h.profile.children);
      c.persons.push_back(h.profile.persons());
      c.skill.push_back(static_cast<std::int64_t>(h.profile.skill));
      c.qualification.push_back(h.profile.qualification);
      c.licence.push_back(h.profile.licence);
      c.car.push_back(h.profile.car);
      c.situation.push_back(static_cast<std::int64_t>(h.profile.situation));
      c.motivation.push_back(h.profile.motivation);
      c.rural.push_back(h.profile.rural_preference);
      c.visited.push_back(h.visited);
      c.employed.push_back(h.employed);
      c.licence_aid.push_back(h.licence_aid);
      c.car_aid.push_back(h.car_aid);
      c.stage_since.push_back(h.stage_since);
    }
    return c;
  });
  std::vector<std::string> sectors;
  for (std::size_t i = 0; i < models::sector_count; ++i) sectors.emplace_back(models::name(static_cast<models::Sector>(i)));
  py::dict columns;
  columns["household"] = to_array(c.id);
  columns["stage"] = categorical(c.stage, stage_names());
  columns["origin"] = categorical(c.origin, c.codes);
  columns["territory"] = categorical(c.territory, c.codes);
  columns["adults"] = to_array(c.adults);
  columns["children"] = to_array(c.children);
  columns["persons"] = to_array(c.persons);
  columns["skill"] = categorical(c.skill, sectors);
  columns["qualification"] = to_array(c.qualification);
  columns["licence"] = flags(c.licence);
  columns["car"] = flags(c.car);
  columns["situation"] = to_array(c.situation);
  columns["motivation"] = to_array(c.motivation);
  columns["rural_preference"] = to_array(c.rural);
  columns["visited"] = flags(c.visited);
  columns["employed"] = flags(c.employed);
  columns["licence_aid"] = flags(c.licence_aid);
  columns["car_aid"] = flags(c.car_aid);
  columns["stage_since"] = to_array(c.stage_since);
  return data_frame(columns);
}

DataFrame territories(const PySimulation& owner) {
  struct Columns {
    std::vector<std::int64_t> row, dwellings, employers;
    std::vector<std::string> code, name, role, cohort, join;
  };
  const Columns c = owner.read([](const models::Simulation& s) {
    const auto& scenario = s.scenario();
    Columns c;
    c.code = row_codes(scenario);
    const std::size_t origins = scenario.origins.size();
    for (std::size_t r = 0; r < s.territory_rows(); ++r) {
      c.row.push_back(static_cast<std::int64_t>(r));
      c.name.push_back(models::row_name(scenario, r));
      if (r < origins) {
        c.role.emplace_back("origin");
        c.cohort.emplace_back();
        c.join.push_back(std::max(scenario.origins[r].join_date, scenario.run.start_date).iso());
        c.dwellings.push_back(0);
        c.employers.push_back(0);
      } else {
        const auto& t = scenario.territories[r - origins];
        c.role.emplace_back("host");
        c.cohort.push_back(t.cohort);
        c.join.push_back(t.join_date.iso());
        c.dwellings.push_back(static_cast<std::int64_t>(s.housing(r - origins).size()));
        c.employers.push_back(static_cast<std::int64_t>(s.labour(r - origins).employers()));
      }
    }
    return c;
  });
  py::dict columns;
  columns["row"] = to_array(c.row);
  columns["code"] = c.code;
  columns["name"] = c.name;
  columns["role"] = c.role;
  columns["cohort"] = c.cohort;
  columns["join_date"] = dates(c.join);
  columns["dwellings"] = to_array(c.dwellings);
  columns["employers"] = to_array(c.employers);
  return data_frame(columns);
}

DataFrame resources(const PySimulation& owner) {
  struct Columns {
    std::vector<std::int64_t> capacity, load, queue, immersion, open, programme, vacant, reserved;
    std::vector<std::string> codes;
  };
  const Columns c = owner.read([](const models::Simulation& s) {
    Columns c;
    c.codes = row_codes(s.scenario());
    for (std::size_t row = 0; row < s.territory_rows(); ++row) {
      const auto r = s.resources(row);
      c.capacity.push_back(r.caseworker_capacity);
      c.load.push_back(r.caseworker_load);
      c.queue.push_back(r.caseworker_queue);
      c.immersion.push_back(r.immersion_queue);
      c.open.push_back(r.open_vacancies);
      c.programme.push_back(r.programme_vacancies);
      c.vacant.push_back(r.vacant_dwellings);
      c.reserved.push_back(r.reserved_dwellings);
    }
    return c;
  });
  py::dict columns;
  columns["territory"] = c.codes;
  columns["caseworker_capacity"] = to_array(c.capacity);
  columns["caseworker_load"] = to_array(c.load);
  columns["caseworker_queue"] = to_array(c.queue);
  columns["immersion_queue"] = to_array(c.immersion);
  columns["open_vacancies"] = to_array(c.open);
  columns["programme_vacancies"] = to_array(c.programme);
  columns["vacant_dwellings"] = to_array(c.vacant);
  columns["reserved_dwellings"] = to_array(c.reserved);
  return data_frame(columns, "territory");
}

DataFrame events(const PySimulation& owner) {
  struct Columns {
    std::vector<std::int64_t> step, household, from, to, territory, queued_step;
    std::vector<std::string> date, codes;
  };
  const Columns c = owner.read([](const models::Simulation& s) {
    Columns c;
    c.codes = row_codes(s.scenario());
    for (const auto& t : s.transitions()) {
      c.queued_step.push_back(t.queued_step);
      c.step.push_back(t.step);
      c.date.push_back(s.clock().last_day(t.step).iso());
      c.household.push_back(t.household);
      c.from.push_back(static_cast<std::int64_t>(t.from));
      c.to.push_back(static_cast<std::int64_t>(t.to));
      c.territory.push_back(t.territory_row);
    }
    return c;
  });
  py::dict columns;
  columns["step"] = to_array(c.step);
  columns["date"] = dates(c.date);
  columns["household"] = to_array(c.household);
  columns["from"] = categorical(c.from, stage_names());
  columns["to"] = categorical(c.to, stage_names());
  columns["territory"] = categorical(c.territory, c.codes);
  columns["queued_step"] = to_array(c.queued_step);
  return data_frame(columns);
}

DataFrame jobs(const PySimulation& owner) {
  struct Columns {
    std::vector<std::int64_t> household, territory, employer, contract, start, end, reason;
    std::vector<std::string> codes;
  };
  const Columns c = owner.read([](const models::Simulation& s) {
    Columns c;
    c.codes = row_codes(s.scenario());
    for (const auto& j : s.jobs()) {
      c.household.push_back(j.household);
      c.territory.push_back(j.territory_row);
      c.employer.push_back(j.employer);
      c.contract.push_back(static_cast<std::int64_t>(j.contract));
      c.start.push_back(j.start);
      c.end.push_back(j.end);
      c.reason.push_back(static_cast<std::int64_t>(j.reason));
    }
    return c;
  });
  std::vector<std::string> contracts, reasons;
  for (std::size_t i = 0; i < models::contract_count; ++i) contracts.emplace_back(models::name(static_cast<models::Contract>(i)));
  for (const auto r : models::job_end_names) reasons.emplace_back(r);
  py::dict columns;
  columns["household"] = to_array(c.household);
  columns["territory"] = categorical(c.territory, c.codes);
  columns["employer"] = to_array(c.employer);
  columns["contract"] = categorical(c.contract, contracts);
  columns["start_step"] = to_array(c.start);
  columns["end_step"] = to_array(c.end);
  columns["end_reason"] = categorical(c.reason, reasons);
  return data_frame(columns);
}

}  // namespace

void bind_simulation(py::module_& m) {
  py::class_<PySimulation> simulation(
      m, "Simulation",
      "One replication of a scenario, advanced step by step; its state comes back as pandas DataFrames.\n\n"
      "Replication r of seed s is the same run as replication r of `emile.run(scenario, seed=s)`.\n\n"
      "    sim = emile.Simulation(scenario, seed=1)\n"
      "    sim.run(until='2020-01-01')\n"
      "    sim.stage_counts()");

  simulation.def(py::init<const models::Scenario&, std::optional<std::int64_t>, std::uint32_t, int>(), py::arg("scenario"),
                 py::arg("seed") = py::none(), py::arg("replication") = 0, py::arg("threads") = 0,
                 "Builds the replication's world from a copy of `scenario`: geography, households, housing stocks, "
                 "labour markets. `seed` defaults to the scenario's run.seed; `threads` = 0 uses every core (results "
                 "do not depend on it). Raises ScenarioError (a ValueError) for an unusable scenario.");

  simulation.def("step", &PySimulation::step,
                 "Runs the next step (advancing `date` by step_days). Raises RuntimeError when done.");
  simulation.def("run", &PySimulation::run, py::arg("until") = py::none(),
                 "Runs every step before the one containing `until` (datetime.date or 'YYYY-MM-DD'), or to the end "
                 "when None: what happens next happens from `until` on, as a dated event at `until` would, and as "
                 "`emile run --until` pauses. Returns the number of steps run. Ctrl-C stops between two steps with "
                 "KeyboardInterrupt, leaving a consistent state.");
  simulation.def_property_readonly("date", &PySimulation::date,
                                   "datetime.date: the last simulated day, i.e. the recorded date of the last step run "
                                   "(results files use the same dates); the day before run.start_date before the "
                                   "first step.");
  simulation.def_property_readonly("done", [](const PySimulation& s) { return s.read([](const auto& state) { return state.done(); }); },
                                   "bool: True when every step of the run has been run.");
  simulation.def_property_readonly("next_step",
                                   [](const PySimulation& s) { return s.read([](const auto& state) { return state.next_step(); }); },
                                   "int: index of the next step to run, i.e. the number of steps run so far.");
  simulation.def_property_readonly("steps", &PySimulation::steps,
                                   "int: number of steps in the run.");
  simulation.def_property_readonly("seed", &PySimulation::seed, "int: the seed.");
  simulation.def_property_readonly("replication", &PySimulation::replication, "int: the replication index.");
  simulation.def_property_readonly(
      "scenario",
      [](const PySimulation& s) { return s.read([](const auto& state) { return state.scenario(); }); },
      "Scenario: a copy of the scenario as it stands now (levers changed by timeline events included).");

  simulation.def("households", &households,
                 "One row per household of the pool: household (id), stage, origin (its origin's code), territory "
                 "(host territory code from the proposal on, NaN before), adults, children, persons, skill (sector), "
                 "qualification (0 none … 3 higher), licence, car, situation (0 hotel, 1 shelter, 2 hosted, 3 overcrowded), motivation, "
                 "rural_preference, visited, employed, licence_aid and car_aid (what the mobility aid paid for it), "
                 "stage_since (step the stage was entered).");
  simulation.def("territories", &territories,
                 "One row per territory row (the origins, then the hosts, in scenario order): row, code, name, role, "
                 "cohort, join_date, dwellings (housing stock size), employers.");
  simulation.def(
      "stage_counts",
      [](const PySimulation& owner, bool persons) {
        return per_territory_and_stage(owner, models::all_stages, [&](const models::Simulation& s, std::size_t row,
                                                                      models::Stage stage) {
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
        return per_territory_and_stage(owner, models::flow_stages, [&](const models::Simulation& s, std::size_t row,
                                                                       models::Stage stage) {
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
                 "Every stage change so far, in order: step, date, household, from, to, territory, queued_step (the "
                 "step it joined, in `from`, the queue for the resource it waited for; -1 if it did not queue).");
  simulation.def("jobs", &jobs,
                 "Every job spell so far: household, territory, employer, contract, start_step, end_step (-1 while "
                 "ongoing), end_reason.");
  simulation.def("__repr__", [](const PySimulation& s) {
    const auto [name, next] = s.read([](const auto& state) { return std::pair(state.scenario().run.name, state.next_step()); });
    return "<Simulation '" + name + "' seed " + std::to_string(s.seed()) + " replication " +
           std::to_string(s.replication()) + ", step " + std::to_string(next) + "/" + std::to_string(s.steps()) + ", " +
           s.date().iso() + ">";
  });
}

}  // namespace emile::python
