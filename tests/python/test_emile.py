"""Behaviour of the `emile` Python package: scenarios, step-by-step simulations, ensemble runs and results files.

The package and the `emile` command for the comparison with the command line are found by package_helpers.py
(PYTHONPATH or EMILE_PYTHONPATH, EMILE_BIN). Every test works in pytest's temporary folders, never in the
repository.
"""

import datetime
import gc
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import pytest

from package_helpers import PILOT, find_binary, import_emile, pilot_text

emile = import_emile()


@pytest.fixture
def pilot():
    return emile.Scenario.load(PILOT)


@pytest.fixture(scope="module")
def pilot_results(tmp_path_factory):
    """The pilot, seed 3, two replications, written by emile.run."""
    path = tmp_path_factory.mktemp("results") / "py.h5"
    return emile.run(PILOT, seed=3, replications=2, output=path, progress=False)


def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def read_tree(path):
    """Every object of an HDF5 file: {path: (attributes, values or None for a group)}."""
    tree = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            attributes = {k: plain(v) for k, v in obj.attrs.items()}
            tree[name] = (attributes, obj[()] if isinstance(obj, h5py.Dataset) else None)
        visit("/", f)
        f.visititems(visit)
    return tree


# ---- The package -------------------------------------------------------------------------------------------------

def test_package_exports_its_api_and_stubs_describe_the_core():
    for name in emile.__all__:
        assert hasattr(emile, name), name
    assert callable(emile.open) and "open" not in emile.__all__  # a star import keeps the built-in open()
    stub = (Path(emile.__file__).parent / "_core.pyi").read_text()
    for name in dir(emile._core):
        if not name.startswith("_"):
            assert re.search(rf"\b{name}\b", stub), f"_core.pyi lacks {name}: regenerate it (ninja python_stubs)"
    assert (Path(emile.__file__).parent / "py.typed").exists()
    assert emile.__version__ == emile._core.version


def test_enums_are_the_vocabulary_of_results_files(pilot_results):
    stages = pilot_results.table("stages")
    assert list(stages["name"]) == list(emile.Stage.__members__) == emile.stage_names()
    assert [emile.Stage.__members__[n].value for n in stages["name"]] == list(stages["code"])
    assert list(pilot_results.table("sectors")["name"]) == list(emile.Sector.__members__)
    assert emile.flow_names() == emile.stage_names()[1:]
    assert emile.Stage.returned.is_final and not emile.Stage.settled.is_final and not emile.Stage.housed.is_final
    assert emile.Stage.housed.has_moved and emile.Stage.returned.has_moved and not emile.Stage.withdrawn.has_moved
    assert emile.is_legal_transition(emile.Stage.proposed, emile.Stage.immersed)
    assert not emile.is_legal_transition(emile.Stage.moved, emile.Stage.withdrawn)
    assert set(emile.MatchingMechanism.__members__) == {"greedy", "deferred_acceptance", "optimal"}
    assert "fixed_term" in emile.Contract.__members__


def test_parameters_lists_every_scenario_key():
    table = emile.parameters()
    assert list(table.columns) == ["key", "type", "unit", "default", "rule", "meaning", "source", "fixed", "effect"]
    assert "origin[].caseworkers" in set(table["key"])
    assert "territory[].reserved_dwellings" in set(table["key"])
    fixed = table.set_index("key")["fixed"]
    assert fixed["origin[].caseworkers"] == "" and "drawn" in fixed["households.licence_share"]
    effect = table.set_index("key")["effect"]
    assert effect["origin[].caseworkers"] == "raises enrolled_households"
    assert effect["origin[].name"] == "none: a label"


# ---- Scenario ----------------------------------------------------------------------------------------------------

def test_scenario_exposes_its_run_settings(pilot):
    assert pilot.name == "pilot-2019"
    assert pilot.start_date == datetime.date(2019, 6, 14)
    assert pilot.end_date == datetime.date(2020, 6, 30)
    assert pilot.step_days == 7
    assert pilot.territories == ["15", "25", "46", "48", "49", "76"]
    assert pilot.steps == 55
    assert Path(pilot.source) == PILOT
    assert "pilot-2019" in repr(pilot)


def test_scenario_reads_parameters_of_every_kind_by_key(pilot):
    assert pilot["origin.caseworkers"] == 20 and isinstance(pilot["origin.caseworkers"], int)
    assert isinstance(pilot["origin.referrals_per_year"], float)
    assert pilot["run.start_date"] == datetime.date(2019, 6, 14)
    assert pilot["territory.15.name"] == "Cantal"
    assert pilot["territory[0].code"] == "15"
    assert pilot["households.children_weights"] == [0.80, 0.11, 0.06, 0.02, 0.01]
    assert pilot["pathway.immersion_visits"] is True


def test_a_parameter_set_by_name_round_trips_into_the_resolved_toml(pilot, tmp_path):
    pilot["origin.caseworkers"] = 40
    pilot["territory.15.reserved_dwellings"] = 25
    pilot["pathway.immersion_visits"] = False
    assert pilot["origin.caseworkers"] == 40
    text = pilot.to_toml()
    assert re.search(r"^caseworkers = 40$", text, re.M)
    assert re.search(r"^immersion_visits = false$", text, re.M)
    copy = tmp_path / "resolved.toml"
    copy.write_text(text)
    again = emile.Scenario.load(copy)
    assert again["origin.caseworkers"] == 40
    assert again["territory.15.reserved_dwellings"] == 25
    assert again.to_toml() == text


def test_overrides_at_load_take_python_values():
    scenario = emile.Scenario.load(PILOT, overrides={
        "origin.caseworkers": 40,
        "origin.referrals_per_year": 450.5,
        "matching.mechanism": "optimal",
        "pathway.immersion_visits": False,
        "households.children_weights": [0.7, 0.1, 0.1, 0.05, 0.05],
        "territory.15.join_date": datetime.date(2019, 9, 1),
    })
    assert scenario["origin.caseworkers"] == 40
    assert scenario["origin.referrals_per_year"] == 450.5
    assert scenario["matching.mechanism"] == emile.MatchingMechanism.optimal.name
    assert scenario["pathway.immersion_visits"] is False
    assert scenario["households.children_weights"] == [0.7, 0.1, 0.1, 0.05, 0.05]
    assert scenario["territory.15.join_date"] == datetime.date(2019, 9, 1)
    with pytest.raises(TypeError, match="origin.caseworkers"):
        emile.Scenario.load(PILOT, overrides={"origin.caseworkers": object()})


def test_refused_parameters_are_value_errors_naming_the_key(pilot):
    with pytest.raises(ValueError, match=r"origin\.caseworkers.*must be in") as refused:
        pilot["origin.caseworkers"] = -1
    assert isinstance(refused.value, emile.ScenarioError)
    assert refused.value.key == "origin.caseworkers"
    with pytest.raises(ValueError, match="integral"):
        pilot["origin.caseworkers"] = 2.5
    with pytest.raises(ValueError, match="valid keys here: .*caseworkers"):
        pilot["origin.case_workers"]
    with pytest.raises(ValueError, match="no such parameter"):
        pilot["origin.case_workers"] = 3
    with pytest.raises(TypeError, match="numeric and boolean"):
        pilot["matching.mechanism"] = "optimal"
    assert pilot["origin.caseworkers"] == 20


def test_validate_checks_rules_across_parameters(pilot):
    pilot.validate()
    pilot["territory.15.unemployed"] = pilot["territory.15.active"] + 1
    with pytest.raises(emile.ScenarioError, match="unemployed.*exceeds active"):
        pilot.validate()


def test_copies_are_independent(pilot):
    import copy
    other = copy.deepcopy(pilot)
    other["origin.caseworkers"] = 33
    assert pilot["origin.caseworkers"] == 20
    assert pilot.copy().to_toml() == pilot.to_toml()


def test_a_scenario_error_is_a_value_error_naming_file_line_and_key(tmp_path):
    lines = pilot_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("caseworkers = "))
    lines[line - 1] = "caseworkers = -5"
    bad = tmp_path / "bad-caseworkers.toml"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError) as error:
        emile.Scenario.load(bad)
    message = str(error.value)
    assert "bad-caseworkers.toml" in message
    assert f":{line}:" in message
    assert "origin.caseworkers" in message
    assert isinstance(error.value, emile.ScenarioError)
    assert (Path(error.value.file).name, error.value.line, error.value.key) == ("bad-caseworkers.toml", line,
                                                                               "origin.caseworkers")


def test_a_missing_scenario_file_is_a_value_error_naming_it(tmp_path):
    with pytest.raises(ValueError, match="nowhere.toml"):
        emile.Scenario.load(tmp_path / "nowhere.toml")


# ---- Simulation --------------------------------------------------------------------------------------------------

def test_step_advances_the_date_by_step_days(pilot):
    sim = emile.Simulation(pilot, seed=3)
    assert sim.next_step == 0 and not sim.done and sim.steps == pilot.steps
    assert sim.date == pilot.start_date - datetime.timedelta(days=1)
    sim.step()
    assert sim.date == pilot.start_date + datetime.timedelta(days=pilot.step_days - 1)
    before = sim.date
    sim.step()
    assert sim.date - before == datetime.timedelta(days=pilot.step_days)
    assert sim.next_step == 2


def test_run_until_stops_before_the_step_containing_the_date(pilot):
    sim = emile.Simulation(pilot, seed=3)
    until = datetime.date(2019, 12, 31)
    ran = sim.run(until=until)
    expected = (until - pilot.start_date).days // pilot.step_days  # the steps before the one holding it
    assert ran == expected == sim.next_step
    assert sim.date < until <= sim.date + datetime.timedelta(days=pilot.step_days)
    assert sim.run(until="2019-12-01") == 0
    assert sim.run(until="2020-01-07") == 1
    # The same meaning as `emile run --until`: a run paused there goes on from the step holding the date.
    assert sim.next_step == (datetime.date(2020, 1, 7) - pilot.start_date).days // pilot.step_days
    sim.run()
    assert sim.done and sim.next_step == sim.steps
    assert sim.run() == 0
    with pytest.raises(RuntimeError, match="done"):
        sim.step()
    with pytest.raises(ValueError, match="not a calendar date"):
        sim.run(until="2020-02-30")


def test_stage_counts_sum_to_the_pool_size(pilot):
    sim = emile.Simulation(pilot, seed=5)
    pool = pilot["origin.eligible_households"] + pilot["origin.initial_referred"]
    for until in ["2019-07-01", "2019-10-01", "2020-03-01", None]:
        sim.run(until=until)
        counts = sim.stage_counts()
        assert list(counts.columns) == emile.stage_names()
        assert list(counts.index) == pilot.origins + pilot.territories
        assert counts.to_numpy().sum() == pool
        households = sim.households()
        assert len(households) == pool
        by_stage = households["stage"].value_counts()
        for stage in emile.stage_names():
            assert by_stage[stage] == counts[stage].sum(), stage


def test_simulation_state_tables(pilot):
    sim = emile.Simulation(pilot, seed=3)
    sim.run(until="2020-01-31")
    territories = sim.territories()
    assert list(territories["code"]) == pilot.origins + pilot.territories
    assert list(territories["role"]) == ["origin"] + ["host"] * len(pilot.territories)
    assert (territories["dwellings"][1:] > 0).all()
    resources = sim.resources()
    assert list(resources.columns) == ["caseworker_capacity", "caseworker_load", "caseworker_queue", "immersion_queue",
                                       "open_vacancies", "programme_vacancies", "vacant_dwellings", "reserved_dwellings"]
    assert resources.loc[pilot.origins[0], "caseworker_capacity"] == pilot["origin.caseworkers"] * pilot["origin.caseload"]
    events = sim.events()
    assert len(events) > 0 and events["step"].is_monotonic_increasing
    assert events["date"].max() == pd.Timestamp(sim.date)
    households = sim.households()
    moved = households[households["stage"].isin(["moved", "settled", "returned"])]
    assert moved["territory"].notna().all()
    assert households.loc[households["stage"] == "eligible", "territory"].isna().all()
    jobs = sim.jobs()
    assert set(jobs["household"]) <= set(moved["household"]) | set(households["household"])
    assert set(jobs["territory"].astype(str)) <= set(pilot.territories)
    flows = sim.flows()
    assert list(flows.columns) == emile.flow_names()
    assert (sim.flows(persons=True).to_numpy() >= flows.to_numpy()).all()


CONCURRENT_USE = """
import sys, threading
sys.path[:0] = {path!r}
import emile

sim = emile.Simulation(emile.Scenario.load({pilot!r}), seed=4, threads=2)
errors = []

def stepping():
    try:
        while True:
            try:
                sim.step()
            except RuntimeError:  # done: another thread ran the last step
                return
    except BaseException as error:
        errors.append(error)

def querying():
    try:
        while not sim.done:
            counts = sim.stage_counts()
            assert counts.to_numpy().sum() == len(sim.households())
            sim.events(), sim.jobs(), sim.resources(), sim.flows(), sim.territories(), repr(sim), sim.scenario, sim.date
    except BaseException as error:
        errors.append(error)

threads = [threading.Thread(target=work) for work in (stepping, stepping, querying, querying)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert not errors, errors
alone = emile.Simulation(emile.Scenario.load({pilot!r}), seed=4, threads=1)
alone.run()
assert sim.done and sim.next_step == sim.steps
assert sim.events().equals(alone.events()), "concurrent steps ran in another order"
print("ok")
"""


def test_one_simulation_stepped_and_queried_from_four_threads_never_deadlocks():
    """Two threads step and two query one Simulation until it is done (the lock rule of bind_simulation.cpp). A
    deadlock cannot be broken from inside the process, so the work runs in a child process under a watchdog."""
    script = CONCURRENT_USE.format(path=[p for p in sys.path if p], pilot=str(PILOT))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def test_a_simulation_is_the_same_run_as_the_ensemble_replication(pilot, pilot_results):
    sim = emile.Simulation(pilot, seed=3, replication=1)
    sim.run()
    assert pd.Timestamp(sim.date) == pilot_results.dates[-1]
    counts = sim.stage_counts()
    for stage in emile.stage_names():
        np.testing.assert_array_equal(counts[stage].to_numpy(), pilot_results.array(f"in_{stage}_households")[1, -1])
    resources = sim.resources()
    for metric in resources.columns:
        np.testing.assert_array_equal(resources[metric].to_numpy(), pilot_results.array(metric)[1, -1])
    stored = pilot_results.events()
    stored = stored[stored["replication"] == 1].reset_index(drop=True)
    events = sim.events()
    for column in ["step", "household", "from", "to", "territory"]:
        np.testing.assert_array_equal(events[column].astype(str), stored[column].astype(str))


# ---- Ensemble runs and results files -----------------------------------------------------------------------------

def test_python_and_the_command_line_write_the_same_results(emile_binary, tmp_path):
    cli = tmp_path / "cli.h5"
    done = subprocess.run([str(emile_binary), "run", str(PILOT), "--seed", "3", "-r", "2", "-o", str(cli), "-q"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    py = tmp_path / "py.h5"
    emile.run(str(PILOT), seed=3, replications=2, output=py, progress=False)
    from_cli, from_python = read_tree(cli), read_tree(py)
    assert from_cli.keys() == from_python.keys()
    for name, (attributes, values) in from_cli.items():
        other_attributes, other_values = from_python[name]
        if name == "/":
            # When and by which call each was made differ; what they hold does not.
            attributes = {k: v for k, v in attributes.items() if k not in ("created_utc", "invocation")}
            other_attributes = {k: v for k, v in other_attributes.items() if k not in ("created_utc", "invocation")}
        assert attributes == other_attributes, name
        if values is not None:
            assert values.dtype == other_values.dtype, name
            np.testing.assert_array_equal(values, other_values, err_msg=name)


def test_results_round_trip_through_open(pilot_results):
    again = emile.open(pilot_results.path)
    assert again.attrs == pilot_results.attrs
    assert again.attrs["schema_version"] == emile.results_schema_version
    assert (again.seed, again.replications, again.attrs["scenario"]) == (3, 2, "pilot-2019")
    assert len(again.dates) == 55 and again.dates[0] == pd.Timestamp("2019-06-20")
    scenario = emile.Scenario.load(PILOT)
    assert again.territory_codes == scenario.origins + scenario.territories
    assert "moved_households" in again.metrics and "caseworker_queue" in again.metrics


def test_the_stored_scenario_loads_back_identically(pilot_results, tmp_path):
    path = tmp_path / "stored.toml"
    path.write_text(pilot_results.scenario_toml)
    scenario = emile.Scenario.load(path)
    assert scenario.to_toml() == pilot_results.scenario_toml
    assert scenario.seed == 3 and scenario.replications == 2


def test_timeseries_is_long_and_matches_the_stored_arrays(pilot_results):
    moved = pilot_results.array("moved_households")
    assert moved.shape == (2, 55, 7)
    frame = pilot_results.timeseries("moved_households")
    assert list(frame.columns) == ["replication", "step", "date", "territory", "territory_name", "metric", "value"]
    assert len(frame) == moved.size
    np.testing.assert_array_equal(frame["value"].to_numpy(), moved.reshape(-1))
    row = frame[(frame["replication"] == 1) & (frame["step"] == 10) & (frame["territory"] == "25")]
    assert row["value"].item() == moved[1, 10, 2]
    assert row["date"].item() == pilot_results.dates[10]
    both = pilot_results.timeseries(["moved_households", "caseworker_queue"])
    assert list(both["metric"].cat.categories) == ["moved_households", "caseworker_queue"]
    everything = pilot_results.timeseries()
    assert len(everything) == moved.size * len(pilot_results.metrics)
    with pytest.raises(KeyError, match="no metric moved"):
        pilot_results.timeseries("moved")


def test_ensemble_gives_mean_and_quantile_bands(pilot_results):
    moved = pilot_results.array("moved_households").astype(float)
    frame = pilot_results.ensemble("moved_households")
    assert list(frame.columns) == ["metric", "step", "date", "territory", "territory_name", "mean", "q05", "q50",
                                   "q95"]
    np.testing.assert_allclose(frame["mean"], moved.mean(axis=0).reshape(-1))
    np.testing.assert_allclose(frame["q50"], np.median(moved, axis=0).reshape(-1))
    assert (frame["q05"] <= frame["q50"]).all() and (frame["q50"] <= frame["q95"]).all()
    assert list(pilot_results.ensemble("moved_households", quantiles=(0.1, 0.9)).columns)[-2:] == ["q10", "q90"]


def test_tables_come_with_names_and_dates(pilot_results):
    events = pilot_results.events()
    assert list(events.columns) == ["replication", "step", "date", "household", "from", "to", "territory",
                                    "territory_name", "queued_step"]
    assert ((events["queued_step"] >= -1) & (events["queued_step"] <= events["step"])).all()
    assert set(events["to"].astype(str)) <= set(emile.flow_names())
    assert events["date"].notna().all()
    households = pilot_results.households()
    assert len(households) == 2 * (6000 + 45)  # the pool: eligible households and the initial backlog
    assert set(households["final_stage"].astype(str)) <= set(emile.stage_names())
    assert households["visited"].dtype == bool
    assert households.loc[households["final_stage"] == "moved", "territory"].notna().all()
    jobs = pilot_results.jobs()
    assert jobs.loc[jobs["end_step"] == -1, "end_date"].isna().all()
    assert jobs.loc[jobs["end_step"] >= 0, "end_date"].notna().all()
    summary = pilot_results.summary()
    assert list(summary["replication"]) == [0, 1]
    assert (summary["moved_households"] == pilot_results.array("moved_households").sum(axis=(1, 2))).all()
    assert str(summary["first_visit_date"].dtype).startswith("datetime64")
    assert list(pilot_results.territories()["role"])[0] == "origin"


def test_every_table_with_a_territory_code_carries_its_name(pilot_results):
    names = dict(zip(pilot_results.territory_codes, pilot_results.territory_names))
    assert names["IDF"] == "Île-de-France" and names["15"] == "Cantal"
    tables = {"timeseries": pilot_results.timeseries("moved_households"),
              "ensemble": pilot_results.ensemble("moved_households"), "events": pilot_results.events(),
              "households": pilot_results.households(), "jobs": pilot_results.jobs(),
              "outcomes": pilot_results.outcomes(), "communes": pilot_results.communes()}
    for table, frame in tables.items():
        columns = list(frame.columns)
        assert columns[columns.index("territory") + 1] == "territory_name", table
        assert frame["territory_name"].dtype == "category", table
        named = frame.dropna(subset=["territory"])
        assert (named["territory"].astype(str).map(names) == named["territory_name"].astype(str)).all(), table
        assert list(frame["territory_name"].cat.categories) == pilot_results.territory_names, table
    households = tables["households"]
    assert households["territory"].isna().any()  # never proposed a territory: no code, no name
    assert (households["territory"].isna() == households["territory_name"].isna()).all()


def test_counts_of_the_summary_are_integers_and_shares_and_costs_floats(pilot_results):
    summary = pilot_results.summary()
    stored = pilot_results.table("summary")
    counts = [c for c in summary.columns if c.endswith(("_households", "_persons"))]
    assert "moved_households" in counts and "month_12_returned_households" in counts
    for column in counts:
        assert summary[column].dtype == np.int64, column
        np.testing.assert_array_equal(summary[column], stored[column])
    for column in ("visited_share_of_moved", "follow_up_end_employed_share", "cost_net_eur"):
        assert summary[column].dtype == np.float64, column
    assert pilot_results.timeseries("moved_households")["value"].dtype == np.int64


@pytest.mark.parametrize("analysis", ["run", "compare"])
def test_progress_is_shown_with_tqdm_auto(analysis, monkeypatch, tmp_path):
    """tqdm.auto: a widget in Jupyter, text elsewhere (not a red stderr block in a notebook)."""
    import tqdm.auto

    shown = []

    class Recorder(tqdm.auto.tqdm):
        def __init__(self, *args, **kwargs):
            shown.append(kwargs.get("desc"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(tqdm.auto, "tqdm", Recorder)
    if analysis == "run":
        emile.run(PILOT, replications=1, output=tmp_path / "run.h5")
    else:
        emile.compare(PILOT, PILOT, replications=1)
    assert shown == ["pilot-2019" if analysis == "run" else "compare"]


def test_open_rejects_files_that_are_not_emile_results(tmp_path):
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5\n")
    with pytest.raises(OSError, match="notes.h5"):
        emile.open(text)
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = [1, 2, 3]
    with pytest.raises(emile.ResultsFileError, match=r"other\.h5: not an emile results file"):
        emile.open(other)
    with pytest.raises(FileNotFoundError, match="missing.h5"):
        emile.open(tmp_path / "missing.h5")


def test_run_without_output_uses_a_temporary_file(pilot):
    results = emile.run(pilot, seed=2, replications=1, progress=False)
    path = results.path
    assert path.exists() and results.replications == 1 and results.seed == 2
    del results
    import gc
    gc.collect()
    assert not path.exists()


def test_run_stopped_after_a_date_is_the_first_weeks_of_the_whole_run(pilot_results, tmp_path):
    early = emile.run(PILOT, seed=3, replications=2, stop_after="2019-07-26", output=tmp_path / "early.h5",
                      progress=False)
    whole = pilot_results.timeseries("moved_households")
    stopped = early.timeseries("moved_households")
    assert stopped["date"].max() >= pd.Timestamp("2019-07-26") > stopped["date"].max() - pd.Timedelta(days=7)
    expected = whole[whole["date"] <= stopped["date"].max()].reset_index(drop=True)
    pd.testing.assert_frame_equal(stopped.reset_index(drop=True), expected)
    with pytest.raises(ValueError, match="stop after 2031-01-01"):
        emile.run(PILOT, replications=1, stop_after="2031-01-01", output=tmp_path / "none.h5", progress=False)
    assert not (tmp_path / "none.h5").exists()


def test_run_takes_overrides_for_a_path_and_refuses_bad_arguments(tmp_path):
    results = emile.run(PILOT, replications=1, overrides={"origin.caseworkers": 40}, output=tmp_path / "o.h5",
                        progress=False)
    assert re.search(r"^caseworkers = 40$", results.scenario_toml, re.M)
    with pytest.raises(ValueError, match="run.replications"):
        emile.run(PILOT, replications=0, output=tmp_path / "none.h5", progress=False)
    assert not (tmp_path / "none.h5").exists()


def test_progress_reaches_one_and_an_error_in_it_cancels_the_run(pilot, tmp_path):
    seen = []
    emile._core.run(pilot, tmp_path / "a.h5", replications=2, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)

    def fail(fraction):
        raise RuntimeError("progress display failed")

    with pytest.raises(RuntimeError, match="progress display failed"):
        emile._core.run(pilot, tmp_path / "b.h5", replications=8, progress=fail)
    assert not (tmp_path / "b.h5").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.h5"]


def test_ctrl_c_interrupts_a_run_promptly_and_writes_nothing(tmp_path):
    armed = threading.Event()
    armed.set()

    def on_sigint(signum, frame):
        if armed.is_set():
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT))
    output = tmp_path / "long.h5"
    try:
        timer.start()
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            emile.run(PILOT, replications=1000, output=output, progress=False)
        elapsed = time.monotonic() - start
    finally:
        armed.clear()
        timer.cancel()
        timer.join()
        signal.signal(signal.SIGINT, previous)
    assert elapsed < 1.5 + 5, f"KeyboardInterrupt came {elapsed:.1f} s after the start"
    assert list(tmp_path.iterdir()) == []


def test_a_keyboard_interrupt_while_the_results_are_written_never_replaces_the_file(tmp_path):
    """KeyboardInterrupt means nothing was written. The progress callback runs on the calling thread between the
    run's slices; once every step is done (fraction 1) the results are being written, and raising there is a Ctrl-C
    during the write: the file must keep its previous content, unless the write finished first, in which case no
    KeyboardInterrupt is raised."""
    output = tmp_path / "results.h5"
    outcomes = set()
    for attempt in range(3):
        output.write_bytes(b"previous results")

        def interrupt_once_written(fraction):
            if fraction >= 1.0:
                raise KeyboardInterrupt

        try:
            emile._core.run(emile.Scenario.load(PILOT), output, seed=attempt, replications=96, threads=2,
                            progress=interrupt_once_written)
        except KeyboardInterrupt:
            assert output.read_bytes() == b"previous results"
            outcomes.add("interrupted")
        else:
            assert emile.open(output).replications == 96
            outcomes.add("written")
        assert [p.name for p in tmp_path.iterdir()] == ["results.h5"]  # no temporary left
    assert "interrupted" in outcomes  # the write of 96 replications outlasts a 100 ms slice


# ---- analyses ------------------------------------------------------------------------------------------------


def test_compare_of_a_scenario_with_itself_gives_zero_differences(pilot):
    compared = emile.compare(pilot, PILOT, seed=2, replications=2, progress=False)
    assert isinstance(compared, emile.ComparisonFile) and compared.replications == 2
    table = compared.comparison
    assert list(table.columns) == ["base_mean", "variant_mean", "difference", "ci_low", "ci_high", "ratio", "ratio_low",
                                   "ratio_high", "percent", "percent_low", "percent_high"]
    assert table.index.name == "outcome" and "enrolled_households" in table.index
    counted = table["base_mean"] > 0
    assert (table["ratio"][counted] == 1).all() and (table["percent"][counted] == 0).all()
    # A share with no household observed (the pilot's 12-month outcomes) is NaN in both, and so is its difference.
    undefined = table["base_mean"].isna()
    assert ((table["difference"] == 0) | undefined).all() and table["difference"][undefined].isna().all()
    assert table["base_mean"].equals(table["variant_mean"])


def test_compare_fewer_caseworkers_enrol_fewer_households():
    fewer = emile.Scenario.load(PILOT, overrides={"origin.caseworkers": 2})
    compared = emile.compare(PILOT, fewer, seed=1, replications=3, progress=False, by="year")
    row = compared.comparison.loc["enrolled_households"]
    assert row["difference"] < 0
    assert row["ci_high"] < 0  # the interval excludes 0
    # Fewer caseworkers enrol fewer households in Île-de-France, year by year.
    rows = compared.by_territory
    enrolled = rows[(rows["outcome"] == "enrolled_households") & (rows["territory"] == "IDF")]
    assert list(enrolled["period"]) == ["run", "2019", "2020"]
    assert enrolled["difference"].iloc[1:].sum() == pytest.approx(enrolled["difference"].iloc[0])
    path = compared.path
    del compared, rows
    gc.collect()
    assert not path.exists()  # the temporary file goes with the object
    with pytest.raises(ValueError, match="holds no step of the run"):
        emile.compare(PILOT, fewer, replications=1, progress=False, period="2030")


def test_sweep_returns_one_row_per_grid_point(pilot):
    table = emile.sweep(pilot, vary={"origin.caseworkers": [5, 10]}, seed=1, replications=1, progress=False)
    assert len(table) == 2
    assert list(table["origin.caseworkers"]) == [5, 10]
    assert "enrolled_households" in table.columns


def test_capacity_returns_relocations_resources_and_the_binding_constraint(pilot):
    result = emile.capacity(pilot, replications=1, warmup_weeks=4, window_weeks=8, seed=1, progress=False)
    assert list(result["relocations"].columns) == ["territory", "name", "per_year", "ci_low", "ci_high"]
    assert result["relocations"]["territory"].iloc[0] == "all"
    assert {"resource", "territory", "unit", "key", "gain_per_year", "mean_wait_weeks",
            "mean_queue_weeks"} <= set(result["resources"].columns)
    assert isinstance(result["binding"], str) and result["binding"]
    assert result["binding"] == "none" and result["binding_statement"].startswith("none named: one replication")


def test_sensitivity_returns_the_effects_of_every_lever(tmp_path):
    variant = tmp_path / "levers.toml"
    variant.write_text(
        f"base = {json.dumps(str(Path(PILOT).resolve()))}\n\n"
        "[[lever]]\nkey = \"origin.caseworkers\"\nmin = 1\nmax = 20\n\n"
        "[[lever]]\nkey = \"after_move.return_factor_no_car\"\nmin = 1\nmax = 3\n")
    effects = emile.sensitivity(variant, trajectories=2, replications=1, seed=1, progress=False)
    assert list(effects.columns) == ["lever", "outcome", "mu", "mu_star", "sigma", "mu_star_low", "mu_star_high",
                                     "sigma_low", "sigma_high"]
    assert set(effects["lever"]) == {"origin.caseworkers", "after_move.return_factor_no_car"}
    assert (effects["mu_star"] >= 0).all()


def run_command(*arguments, cwd):
    done = subprocess.run([str(find_binary()), *map(str, arguments), "--quiet"], cwd=cwd, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def test_an_analysis_file_opens_to_the_tables_the_analysis_returns_in_python(pilot, tmp_path):
    """One declaration per table: what `emile compare`/`capacity` wrote reads back equal, column for column and
    dtype for dtype, to what emile.compare/capacity return for the same seed and replications."""
    variant = emile.Scenario.load(PILOT, overrides={"origin.caseworkers": 10})
    variant_file = tmp_path / "variant.toml"
    variant_file.write_text(variant.to_toml())
    run_command("compare", PILOT, variant_file, "--seed", 5, "-r", 2, "-o", tmp_path / "compare.h5", cwd=tmp_path)
    opened = emile.open(tmp_path / "compare.h5")
    assert isinstance(opened, emile.ComparisonFile) and opened.replications == 2
    in_python = emile.compare(pilot, variant, seed=5, replications=2, progress=False, output=tmp_path / "python.h5")
    pd.testing.assert_frame_equal(opened.comparison, in_python.comparison)
    pd.testing.assert_frame_equal(opened.by_territory, in_python.by_territory)
    assert in_python.attrs["invocation"].startswith("python: emile.compare(Scenario 'pilot-2019'")
    assert list(opened.paired_differences.columns)[0] == "replication"

    run_command("capacity", PILOT, "--seed", 5, "-r", 2, "--warmup-weeks", 4, "--window-weeks", 8,
                "-o", tmp_path / "capacity.h5", cwd=tmp_path)
    opened = emile.open(tmp_path / "capacity.h5")
    assert isinstance(opened, emile.CapacityFile)
    in_memory = emile.capacity(pilot, replications=2, warmup_weeks=4, window_weeks=8, seed=5, progress=False)
    for name in ("relocations", "resources"):
        pd.testing.assert_frame_equal(getattr(opened, name), in_memory[name])
    assert opened.binding == in_memory["binding"]
    assert opened.as_dict()["binding_statement"] == in_memory["binding_statement"] != ""
    assert opened.closed == in_memory["closed"] == []


def test_every_kind_of_results_file_opens_and_a_run_file_is_not_another_kind(pilot_results, tmp_path):
    run_command("sweep", PILOT, "--vary", "origin.caseworkers=5,10", "--seed", 1, "-r", 1, "-o", tmp_path / "s.h5",
                cwd=tmp_path)
    sweep = emile.open(tmp_path / "s.h5")
    assert isinstance(sweep, emile.SweepFile)
    assert list(sweep.points["origin.caseworkers"]) == ["5", "10"]  # as given, in TOML syntax
    assert list(sweep.means["point"]) == [0, 1] and "moved_households" in sweep.means.columns
    assert set(sweep.summary["point"]) == {0, 1}
    assert sweep.tables == ["/sweep/points", "/sweep/summary", "/sweep/means", "/sweep/quantiles"]
    spread = sweep.quantiles
    assert list(spread.columns) == ["point", "outcome", "mean", "q05", "q50", "q95"]
    assert len(spread) == 2 * (len(sweep.summary.columns) - 2)
    with pytest.raises(KeyError, match="no table /comparison"):
        sweep.table("/comparison")
    with pytest.raises(emile.ResultsFileError, match="written by `emile run`, not by `emile sweep`"):
        emile.SweepFile(pilot_results.path)
    with pytest.raises(emile.ResultsFileError, match="written by `emile sweep`, not by `emile run`"):
        emile.Results(tmp_path / "s.h5")


def test_an_older_capacity_file_gives_its_former_column_the_current_name(pilot, tmp_path):
    run_command("capacity", PILOT, "--seed", 5, "-r", 1, "--warmup-weeks", 4, "--window-weeks", 8,
                "-o", tmp_path / "capacity.h5", cwd=tmp_path)
    with h5py.File(tmp_path / "capacity.h5", "r+") as f:  # as schema 2 wrote it
        f.attrs["schema_version"] = 2
        group = f["capacity/relocations"]
        group.move("per_year", "mean")
        group.attrs["columns"] = group.attrs["columns"].replace("per_year", "mean")
    relocations = emile.open(tmp_path / "capacity.h5").relocations
    assert list(relocations.columns) == ["territory", "name", "per_year", "ci_low", "ci_high"]


def test_sensitivity_without_levers_is_a_scenario_error(pilot):
    with pytest.raises(emile.ScenarioError):
        emile.sensitivity(pilot, trajectories=2, replications=1, progress=False)


# ---- Checkpoints -----------------------------------------------------------------------------------------

def same_datasets(first, second):
    """Names of the datasets that differ between two results files, but for the scenario text (NaN, a cost per
    household where there is none, equal to itself)."""
    differing = []
    with h5py.File(first, "r") as a, h5py.File(second, "r") as b:
        def visit(name, item):
            if isinstance(item, h5py.Dataset) and name != "scenario":  # the resolved TOML differs by design
                value = item[()]
                floats = isinstance(value, np.ndarray) and value.dtype.kind == "f"
                if name not in b or not np.array_equal(value, b[name][()], equal_nan=floats):
                    differing.append(name)
        a.visititems(visit)
    return differing


def test_a_run_paused_with_run_until_and_resumed_equals_the_uninterrupted_run(tmp_path):
    full = emile.run(PILOT, seed=8, replications=2, threads=2, output=tmp_path / "full.h5", progress=False)
    checkpoint = emile.run_until(PILOT, "2019-11-01", tmp_path / "pilot.ckpt", seed=8, replications=2, progress=False)
    info = emile.checkpoint_info(checkpoint)
    assert info["kind"] == "pause" and info["seed"] == 8
    assert [r["status"] for r in info["replications"]] == ["paused", "paused"]
    assert all(r["next_date"] <= datetime.date(2019, 11, 1) for r in info["replications"])
    resumed = emile.resume(checkpoint, output=tmp_path / "resumed.h5", threads=1, progress=False)
    assert same_datasets(full.path, resumed.path) == []
    assert checkpoint.exists()  # a pause is kept, to branch from again


def test_a_branch_from_a_checkpoint_equals_the_scenario_switching_its_lever_by_a_dated_event(tmp_path):
    switched = tmp_path / "switched.toml"
    switched.write_text(f'base = "{PILOT.as_posix()}"\n\n[[event]]\ndate = 2020-04-15\nkind = "set"\n'
                        'key = "origin.caseworkers"\nvalue = 2\n')
    expected = emile.run(switched, seed=4, replications=2, output=tmp_path / "expected.h5", progress=False)
    checkpoint = emile.run_until(PILOT, "2020-04-15", tmp_path / "april.ckpt", seed=4, replications=2, progress=False)
    variant = emile.Scenario.load(PILOT, overrides={"origin.caseworkers": 2})
    branched = emile.run(variant, from_checkpoint=checkpoint, output=tmp_path / "branched.h5", progress=False)
    assert same_datasets(expected.path, branched.path) == []
    status_quo = emile.run(PILOT, from_checkpoint=checkpoint, output=tmp_path / "status-quo.h5", progress=False)
    assert same_datasets(status_quo.path, branched.path) != []  # the lever does change what follows
    with pytest.raises(ValueError, match="seed and replications"):
        emile.run(variant, from_checkpoint=checkpoint, seed=5, progress=False)


def test_a_file_that_is_no_checkpoint_raises_checkpoint_error(tmp_path):
    bogus = tmp_path / "bogus.ckpt"
    bogus.write_bytes(b"EMILEARC" + b"\x00" * 7)
    with pytest.raises(emile.CheckpointError, match="bogus.ckpt"):
        emile.resume(bogus, output=tmp_path / "out.h5", progress=False)
    with pytest.raises(OSError, match="missing.ckpt"):
        emile.checkpoint_info(tmp_path / "missing.ckpt")


def test_results_record_the_call_and_the_communes(tmp_path):
    output = tmp_path / "pilot.h5"
    emile.run(str(PILOT), seed=2, replications=1, output=output, progress=False)
    results = emile.open(output)
    assert results.attrs["invocation"].startswith("python: emile.run(Scenario 'pilot-2019' from ")
    assert "seed=2, replications=1" in results.attrs["invocation"]
    communes = results.communes()
    assert set(communes["territory"]) == set(results.territory_codes[1:])
    homes = results.households()["dwelling_commune"]
    moved = homes[homes >= 0]
    assert len(moved) > 0 and moved.isin(communes["row"]).all()


def test_every_way_of_changing_a_scenario_meets_the_same_validation():
    """scenario[key] = value checks the parameter's own rule; running checks the rules spanning parameters, as
    Scenario.load and the command line do: a world too large to simulate is refused before anything is built."""
    scenario = emile.Scenario.load(str(PILOT))
    scenario["territory.15.main_residences"] = 30_000_000
    scenario["territory.25.main_residences"] = 30_000_000
    with pytest.raises(emile.ScenarioError, match="at most 40000000 can be simulated"):
        emile.run(scenario, replications=1, progress=False)
    with pytest.raises(emile.ScenarioError, match="at most 40000000 can be simulated"):
        emile.Simulation(scenario)
    with pytest.raises(ValueError, match="threads must be from 0"):
        emile.run(str(PILOT), replications=1, threads=5000, progress=False)


def test_threads_that_cannot_start_raise_instead_of_aborting_the_interpreter(tmp_path):
    """Under an address-space limit 1024 threads cannot all start: a RuntimeError, not a dead kernel (TBB would
    terminate the process). Run in a child process, whose limit cannot affect the tests."""
    script = f"""
import resource, sys
sys.path[:0] = {[p for p in sys.path if p]!r}
import emile
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
for attempt in (lambda: emile.run({str(PILOT)!r}, replications=1, threads=1024, progress=False,
                                  output={str(tmp_path / "out.h5")!r}),
                lambda: emile.Simulation(emile.Scenario.load({str(PILOT)!r}), threads=1024)):
    try:
        attempt()
    except RuntimeError as error:
        print(error)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("cannot start 1024 threads (only ") for line in lines), lines
    assert list(tmp_path.iterdir()) == []


def test_temporary_results_stay_in_their_folder_whatever_the_scenario_is_named(tmp_path):
    scenario = emile.Scenario.load(str(PILOT))
    scenario_text = scenario.to_toml().replace('name = "pilot-2019"', 'name = "../../../../victim"', 1)
    (tmp_path / "s.toml").write_text(scenario_text, encoding="utf-8")
    results = emile.run(str(tmp_path / "s.toml"), replications=1, progress=False)
    assert results.path.parent.name.startswith("emile-")  # inside its temporary folder
    assert results.path.name.endswith("victim.h5") and "/" not in results.path.name and ".." not in results.path.name


def test_run_refuses_an_output_that_is_its_scenario_file(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text(pilot_text(), encoding="utf-8")
    link = tmp_path / "link.toml"  # the same file under another name
    os.link(scenario, link)
    with pytest.raises(ValueError, match="^" + re.escape(f"{link}: is the scenario file {scenario}; an output never "
                                                         "replaces an input") + "$"):
        emile.run(str(scenario), replications=1, output=link, progress=False)
    assert scenario.read_text(encoding="utf-8") == pilot_text()


def test_outcomes_add_up_to_the_moved_households_and_their_totals_are_the_summarys(pilot_results):
    outcomes = pilot_results.outcomes()
    assert set(outcomes["mark"]) == {"follow_up_end", "month_12"}
    assert set(outcomes["territory"]) == set(pilot_results.territory_codes)
    parts = outcomes["employed"] + outcomes["housed"] + outcomes["returned"] + outcomes["censored"]
    assert (parts == outcomes["moved"]).all() and (outcomes["observed"] == outcomes["moved"] - outcomes["censored"]).all()
    totals = outcomes.groupby(["replication", "mark"])[["employed", "housed", "returned", "censored"]].sum()
    summary = pilot_results.table("summary").set_index("replication")
    for replication in summary.index:
        for mark in ("follow_up_end", "month_12"):
            for outcome in ("employed", "housed", "returned", "censored"):
                assert totals.loc[(replication, mark), outcome] == summary.loc[replication, f"{mark}_{outcome}_households"]


def test_mobility_aid_shows_in_the_households_of_a_simulation_and_of_its_results():
    scenario = emile.Scenario.load(str(PILOT), overrides={"mobility_aid.offered_at": "enrolment",
                                                          "mobility_aid.licence_take_up": 1.0})
    simulation = emile.Simulation(scenario, seed=3)
    simulation.run(until="2019-09-01")
    households = simulation.households()
    assert households["licence_aid"].dtype == bool and households["car_aid"].dtype == bool
    aided = households[households["licence_aid"]]
    assert len(aided) > 0
    assert not aided["stage"].isin(["eligible", "referred"]).any()  # offered at enrolment only
    results = emile.run(scenario, seed=3, replications=1, progress=False).households()
    assert results["licence_aid"].dtype == bool and results["licence_aid"].sum() >= len(aided)


def test_a_summary_record_opens_and_says_what_it_does_not_hold(pilot_results, tmp_path):
    """record="summary": emile.open reads it; the bands and headline outcomes equal the full file's; asking for what
    the level did not record raises KeyError naming the level that records it."""
    summary = emile.run(PILOT, seed=3, replications=2, record="summary", output=tmp_path / "summary.h5", progress=False)
    opened = emile.open(summary.path)
    assert opened.record == "summary" and pilot_results.record == "full"
    assert opened.metrics == pilot_results.metrics
    pd.testing.assert_frame_equal(opened.summary(), pilot_results.summary())
    pd.testing.assert_frame_equal(opened.ensemble("moved_households"), pilot_results.ensemble("moved_households"))
    for read in (opened.households, opened.events, opened.jobs, opened.outcomes, lambda: opened.array("moved_households"),
                 lambda: opened.ensemble("moved_households", quantiles=(0.25,))):
        with pytest.raises(KeyError, match="recorded from '(full|series)' on"):
            read()
    with pytest.raises(ValueError, match="record must be 'summary', 'series' or 'full'"):
        emile.run(PILOT, replications=1, record="some", output=tmp_path / "none.h5", progress=False)
    assert not (tmp_path / "none.h5").exists()
