"""Behaviour of the `emile` command: run, validate and info, as a user meets them.

The binary comes from EMILE_BIN and the repository from EMILE_SOURCE_DIR; both fall back to paths relative to
this file. Every test works in pytest's temporary folders, never in the repository, and passes `cwd`
explicitly. Exit codes: 0 success, 2 bad input, 1 runtime failure, 130 interrupted.

Malformed scenarios live in `bad_scenarios/` (one defect each, derived from `minimal_valid.toml`); the exact
message expected for each is in CORPUS_MESSAGES below.
"""

import os
import re
import resource
import shutil
import signal
import subprocess
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

import h5py
import numpy as np
import pytest

from cli_helpers import (EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, FLOWS, HERE, PILOT, SOURCE_DIR, pilot_text,
                         TIMEOUT, differences, files_in, plain, run_emile)

CORPUS_DIR = HERE / "bad_scenarios"

STAGES = ["eligible"] + FLOWS
ROOT_ATTRIBUTES = ["schema_version", "emile_version", "scenario", "seed", "replications", "start_date", "step_days",
                   "created_utc", "invocation"]


# ---- Reading results files ----------------------------------------------------------------------------------

def read_strings(dataset):
    return [plain(v) for v in dataset[()]]


def stored_scenario(path):
    with h5py.File(path, "r") as f:
        text = f["scenario"][()]
    return text.decode("utf-8") if isinstance(text, bytes) else str(text)


# ---- Shared runs ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pilot_runs(emile, tmp_path_factory):
    """The pilot with seed 7 and 4 replications, once on one thread and once on two."""
    folder = tmp_path_factory.mktemp("pilot")
    one = run_emile(emile, "run", PILOT, "--seed", 7, "-r", 4, "--threads", 1, "-o", "a.h5", cwd=folder)
    two = run_emile(emile, "run", PILOT, "--seed", 7, "-r", 4, "--threads", 2, "-o", "b.h5", cwd=folder)
    assert one.returncode == EXIT_OK, one.stderr
    assert two.returncode == EXIT_OK, two.stderr
    return {"folder": folder, "a": folder / "a.h5", "b": folder / "b.h5", "stdout": one.stdout}


@pytest.fixture(scope="session")
def pilot_seed_runs(emile, tmp_path_factory):
    """One-replication pilot runs: seed 11 twice, seed 12 once."""
    folder = tmp_path_factory.mktemp("seeds")
    for name, seed in [("first", 11), ("again", 11), ("other", 12)]:
        done = run_emile(emile, "run", PILOT, "-q", "--seed", seed, "-r", 1, "-o", f"{name}.h5", cwd=folder)
        assert done.returncode == EXIT_OK, done.stderr
    return folder


# ---- run --------------------------------------------------------------------------------------------------

def test_run_writes_identical_datasets_for_one_and_two_threads(pilot_runs):
    assert differences(pilot_runs["a"], pilot_runs["b"]) == []
    with h5py.File(pilot_runs["a"], "r") as f:
        assert f["timeseries/moved_households"].shape[0] == 4
        assert len(f["events/replication"]) > 0


def test_run_prints_a_summary_of_the_outcomes(pilot_runs):
    out = pilot_runs["stdout"]
    assert out.startswith("pilot-2019: 2019-06-14 to 2020-06-30, 55 steps of 7 days, 4 replication(s), seed 7\n")
    for flow in FLOWS:
        assert re.search(rf"^{flow}_households( +[0-9.]+){{4}}$", out, re.MULTILINE), flow  # mean, 5, 50, 95 %
    assert "first immersion visit:" in out
    for code in ["15", "25", "46", "48", "49", "76"]:
        assert re.search(rf"^{code} ", out, re.MULTILINE), code
    assert out.rstrip().endswith("results: a.h5")


def test_run_writes_the_documented_root_attributes(emile, pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        attributes = {key: plain(value) for key, value in f.attrs.items()}
    assert set(ROOT_ATTRIBUTES) <= set(attributes)
    version = run_emile(emile, "--version", cwd=pilot_runs["folder"]).stdout.split()[-1]
    assert attributes["emile_version"] == version
    assert attributes["schema_version"] >= 1
    assert attributes["scenario"] == "pilot-2019"
    assert attributes["seed"] == 7
    assert attributes["replications"] == 4
    assert attributes["start_date"] == "2019-06-14"
    assert attributes["step_days"] == 7
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attributes["created_utc"])
    assert attributes["invocation"] == f"emile run {PILOT} --seed 7 -r 4 --threads 1 -o a.h5"


def test_run_quotes_arguments_in_the_recorded_command_line(emile, tmp_path):
    scenario = tmp_path / "my pilot's.toml"
    scenario.write_text(pilot_text(), encoding="utf-8")
    done = run_emile(emile, "run", scenario.name, "-q", "-r", 1, "--set", 'matching.mechanism="optimal"', "-o", "x.h5",
                     cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(tmp_path / "x.h5", "r") as f:
        recorded = plain(f.attrs["invocation"])
    assert recorded == "emile run 'my pilot'\\''s.toml' -q -r 1 --set 'matching.mechanism=\"optimal\"' -o x.h5"


def test_run_records_the_communes_and_each_moves_dwelling_commune(emile, pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        communes = {c: f["communes"][c][()] for c in plain(f["communes"].attrs["columns"]).split(",")}
        households = {c: f["households"][c][()] for c in ("territory", "final_stage", "dwelling_commune")}
        stages = [s.decode() for s in f["stages/name"][()]]
    assert list(communes["row"]) == list(range(len(communes["row"])))
    assert set(communes["territory"]) == set(range(1, 7))  # every pilot territory, none for the origin
    assert not communes["synthetic"].any()  # the shipped scenarios run on the real communes
    assert ((communes["latitude"] > 41) & (communes["latitude"] < 52)).all()
    assert ((communes["longitude"] > -6) & (communes["longitude"] < 10)).all()
    moved_stages = [stages.index(s) for s in ("moved", "settled", "housed", "returned")]
    moved = np.isin(households["final_stage"], moved_stages)
    assert moved.sum() > 0
    assert (households["dwelling_commune"][~moved] == -1).all()
    homes = households["dwelling_commune"][moved]
    assert (homes >= 0).all()
    # each household's dwelling lies in its own host territory
    assert (communes["territory"][homes] == households["territory"][moved]).all()


def test_run_stores_a_resolved_scenario_that_validates(emile, pilot_runs, tmp_path):
    text = stored_scenario(pilot_runs["a"])
    resolved = tomllib.loads(text)
    assert resolved["run"]["seed"] == 7 and resolved["run"]["replications"] == 4
    assert [t["code"] for t in resolved["territory"]] == ["15", "25", "46", "48", "49", "76"]
    (tmp_path / "resolved.toml").write_text(text, encoding="utf-8")
    done = run_emile(emile, "validate", "resolved.toml", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr


def test_rerunning_the_stored_scenario_reproduces_the_results(emile, pilot_seed_runs, tmp_path):
    (tmp_path / "resolved.toml").write_text(stored_scenario(pilot_seed_runs / "first.h5"), encoding="utf-8")
    done = run_emile(emile, "run", "-q", "resolved.toml", "-o", "again.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert differences(pilot_seed_runs / "first.h5", tmp_path / "again.h5") == []


def test_run_writes_every_metric_per_replication_step_and_territory(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        steps = len(f["timeseries/dates"])
        rows = len(f["territories/code"])
        expected = [f"{flow}_{unit}" for flow in FLOWS for unit in ("households", "persons")]
        expected += [f"in_{stage}_households" for stage in STAGES]
        for name in expected:
            assert f"timeseries/{name}" in f, name
            assert f[f"timeseries/{name}"].shape == (4, steps, rows), name
            assert f[f"timeseries/{name}"].dtype.kind == "i", name


def test_run_dates_are_the_last_day_of_each_step(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        dates = read_strings(f["timeseries/dates"])
        steps = f["timeseries/moved_households"].shape[1]
    start = date(2019, 6, 14)
    assert len(dates) == steps == 55
    assert dates == [(start + timedelta(days=6 + 7 * k)).isoformat() for k in range(steps)]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert dates[-1] >= "2020-06-30" > dates[-2]


def test_run_writes_the_territory_table_with_the_origin_first(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        table = f["territories"]
        assert plain(table.attrs["kind"]) == "table"
        codes = read_strings(table["code"])
        roles = read_strings(table["role"])
        assert list(table["row"][()]) == list(range(len(codes)))
    assert codes == ["IDF", "15", "25", "46", "48", "49", "76"]
    assert roles == ["origin"] + ["host"] * 6


@pytest.mark.parametrize("name, columns", [
    ("events", ["replication", "step", "household", "from", "to", "territory"]),
    ("households", ["replication", "household", "persons", "territory", "visited", "final_stage"]),
    ("summary", ["replication", "moved_households", "moved_persons", "first_visit_date"]),
])
def test_run_writes_the_tables(pilot_runs, name, columns):
    with h5py.File(pilot_runs["a"], "r") as f:
        table = f[name]
        assert plain(table.attrs["kind"]) == "table"
        listed = plain(table.attrs["columns"]).split(",")
        assert set(columns) <= set(listed)
        assert sorted(listed) == sorted(table.keys())
        lengths = {len(table[column]) for column in listed}
        assert len(lengths) == 1, f"/{name} columns of different lengths: {lengths}"
        if name == "summary":
            assert lengths == {4}
        else:
            assert lengths.pop() > 0


def test_replaying_the_event_log_gives_every_household_final_stage(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        codes = dict(zip(read_strings(f["stages/name"]), f["stages/code"][()]))
        events = {c: f[f"events/{c}"][()] for c in ("replication", "step", "household", "from", "to")}
        households = {c: f[f"households/{c}"][()] for c in ("replication", "household", "final_stage")}
    assert sorted(codes) == sorted(STAGES)
    assert set(np.unique(events["replication"])) <= set(np.unique(households["replication"]))
    for replication in np.unique(households["replication"]):
        mine = households["replication"] == replication
        count = int(mine.sum())
        assert list(households["household"][mine]) == list(range(count))
        state = np.full(count, codes["eligible"], dtype=np.int64)
        logged = events["replication"] == replication
        assert np.all(np.diff(events["step"][logged]) >= 0), "events are not in step order"
        broken = []
        for index, (household, before, after) in enumerate(
                zip(events["household"][logged], events["from"][logged], events["to"][logged])):
            if state[household] != before:
                broken.append((index, int(household), int(state[household]), int(before)))
            state[household] = after
        assert broken[:5] == [], f"replication {replication}: (row, household, replayed stage, logged from)"
        assert np.array_equal(state, households["final_stage"][mine].astype(np.int64)), replication


def test_households_are_conserved_across_stages_and_territories(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        pool = np.bincount(f["households/replication"][()])
        final = f["households/final_stage"][()]
        replication_of = f["households/replication"][()]
        stock = {stage: f[f"timeseries/in_{stage}_households"][()] for stage in STAGES}
        codes = dict(zip(read_strings(f["stages/name"]), f["stages/code"][()]))
    total = sum(stock[stage].sum(axis=2) for stage in STAGES)  # (replications, steps)
    assert total.shape[0] == len(pool) == 4
    for replication in range(len(pool)):
        assert np.all(total[replication] == pool[replication]), replication
        for stage in STAGES:
            assert np.all(stock[stage][replication] >= 0)
            at_end = int(stock[stage][replication, -1].sum())
            assert at_end == int(((replication_of == replication) & (final == codes[stage])).sum()), stage


def test_flows_count_the_event_log_transitions(pilot_runs):
    with h5py.File(pilot_runs["a"], "r") as f:
        codes = dict(zip(read_strings(f["stages/name"]), f["stages/code"][()]))
        events = {c: f[f"events/{c}"][()] for c in ("replication", "step", "to", "territory")}
        for flow in FLOWS:
            recorded = f[f"timeseries/{flow}_households"][()]
            counted = np.zeros_like(recorded)
            entered = events["to"] == codes[flow]
            np.add.at(counted, (events["replication"][entered], events["step"][entered],
                                events["territory"][entered]), 1)
            assert np.array_equal(recorded, counted), flow
            assert np.all(f[f"timeseries/{flow}_persons"][()] >= recorded), flow


def test_the_same_seed_gives_identical_datasets(pilot_seed_runs):
    assert differences(pilot_seed_runs / "first.h5", pilot_seed_runs / "again.h5") == []


def test_a_different_seed_gives_a_different_event_log(pilot_seed_runs):
    def events(path):
        with h5py.File(path, "r") as f:
            return {c: f[f"events/{c}"][()] for c in f["events"].keys()}

    first, other = events(pilot_seed_runs / "first.h5"), events(pilot_seed_runs / "other.h5")
    assert any(not np.array_equal(first[c], other[c]) for c in first)


def test_set_overrides_are_recorded_in_the_stored_scenario(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-q", "-r", 1, "--set", "origin.caseworkers=40", "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    resolved = tomllib.loads(stored_scenario(tmp_path / "out.h5"))
    assert resolved["origin"][0]["caseworkers"] == 40
    assert tomllib.loads(PILOT.read_text(encoding="utf-8"))["origin"]["caseworkers"] != 40


@pytest.mark.parametrize("override, message", [
    ("nonsense.key=1", "emile: --set nonsense.key=1: nonsense.key = 1: \"nonsense\" is not a table or list here; "
                       "valid keys: after_move, cost, event, geography, households, housing, labour, lever, matching, mobility_aid, origin, "
                       "pathway, run, territory, uncertain\n"),
    ("origin.nonsense=1", "emile: --set origin.nonsense=1: origin.nonsense = 1: unknown key; valid keys in [origin]: "
                          "caseload, caseworkers, centre_latitude, centre_longitude, code, eligible_households, "
                          "hosts, hotel_night_eur, initial_referred, join_date, name, referrals_per_year, "
                          "shelter_night_eur, travel_minutes_from\n"),
    ("origin.caseworkers=-3", "emile: --set origin.caseworkers=-3: origin.caseworkers = -3: must be in [0, 1000000]\n"),
    ("origin.caseworkers", "emile: --set origin.caseworkers: expected KEY=VALUE\n"),
])
def test_a_bad_set_override_is_rejected_naming_the_key(emile, tmp_path, override, message):
    done = run_emile(emile, "run", PILOT, "-q", "--set", override, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr == message
    assert files_in(tmp_path) == []


# ---- Command line ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["run", "--help"], ["validate", "--help"],
                                       ["info", "--help"]], ids=" ".join)
def test_help_and_version_exit_0(emile, tmp_path, arguments):
    done = run_emile(emile, *arguments, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout.strip()
    if arguments == ["--version"]:
        assert re.fullmatch(r"emile \S+\n", done.stdout)


@pytest.mark.parametrize("arguments", [
    ["frobnicate"],
    [],
    ["run", "PILOT", "--frobnicate", "-o", "out.h5"],
    ["run", "PILOT", "-r", "0", "-o", "out.h5"],
    ["run", "PILOT", "-r", "100001", "-o", "out.h5"],
    ["run", "PILOT", "--threads", "-1", "-o", "out.h5"],
    ["run", "PILOT", "--seed", "abc", "-o", "out.h5"],
    ["run", "no-such-scenario.toml", "-o", "out.h5"],
    ["run", "-o", "out.h5"],
    ["validate", "no-such-scenario.toml"],
    ["info", "no-such-results.h5"],
], ids=lambda a: " ".join(a) or "(nothing)")
def test_bad_arguments_exit_2_without_writing_results(emile, tmp_path, arguments):
    arguments = [str(PILOT) if a == "PILOT" else a for a in arguments]
    done = run_emile(emile, *arguments, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr.strip()
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("seed", ["-1", "9223372036854775808"])
def test_a_seed_outside_the_scenario_range_is_rejected(emile, tmp_path, seed):
    done = run_emile(emile, "run", PILOT, "-q", "--seed", seed, "-r", 1, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert files_in(tmp_path) == []


# ---- validate ----------------------------------------------------------------------------------------------

def test_validate_accepts_the_pilot_scenario(emile, tmp_path):
    done = run_emile(emile, "validate", PILOT, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == f"{PILOT}: valid (pilot-2019, 6 territories, 1 events, 2019-06-14 to 2020-06-30)\n"
    assert files_in(tmp_path) == []


# Exact messages for the malformed scenarios of bad_scenarios/, run with that folder as the current directory
# and the bare file name. A compiled pattern must match the whole message instead.
CORPUS_MESSAGES = {
    "accented_bare_key": "emile: accented_bare_key.toml:9:2: TOML syntax error: Error while parsing key-value pair: "
                         "expected '=', saw 'é'",
    "base_cycle": 'emile: base_cycle.toml:2:8: base = "base_cycle.toml": too many nested bases (a cycle?)',
    # The defect is reported where the base declares the event (its line moves when the pilot is edited).
    "base_event_outside_run": re.compile(r"emile: \.\./\.\./\.\./scenarios/pilot-2019\.toml:\d+:8: "
                                         r"event\[0\]\.date = 2020-03-17: "
                                         r"outside the run \(2019-06-14 to 2019-12-31\)"),
    "base_is_a_directory": 'emile: base_is_a_directory.toml:2:8: base = ".": a directory, not a scenario file: .',
    "base_missing": 'emile: base_missing.toml:2:8: base = "no-such-base.toml": no such scenario file: '
                    "no-such-base.toml",
    "base_override_negative": "emile: base_override_negative.toml:5:15: origin.caseworkers = -3: "
                              "must be in [0, 1000000]",
    "base_territory_override": "emile: base_territory_override.toml:6:14: territory[0].unemployed = 70000: "
                               "exceeds active",
    "binary_garbage": "emile: binary_garbage.toml: not a text file (contains NUL bytes)",
    "commune_pairs_too_many": "emile: commune_pairs_too_many.toml:72:12: territory[4].communes = 5000: the pairs of "
                              "communes with travel times (communes² per territory) come to 125000000 (up to "
                              "territory[4]); at most 100000000 can be simulated",
    "communes_file_is_a_directory": 'emile: communes_file_is_a_directory.toml:8:17: geography.communes_file = ".": '
                                    "not a regular file: .",
    "date_far_future": "emile: date_far_future.toml:4:14: run.start_date = 9999-12-01: must be between 1900-01-01 and "
                       "2199-12-31",
    # toml++ limits arrays and inline tables to 256 nested levels; dotted keys, and the tree, are limited by emile.
    "deep_arrays": "emile: deep_arrays.toml:2:261: TOML syntax error: Error while parsing value: exceeded maximum "
                   "nested value depth of 256 (TOML_MAX_NESTED_VALUES)",
    "deep_dotted_key": "emile: deep_dotted_key.toml:2:1: " + "a." * 28 + "a...: nested more than 256 levels deep",
    "deep_inline_tables": "emile: deep_inline_tables.toml:2:773: TOML syntax error: Error while parsing value: exceeded "
                          "maximum nested value depth of 256 (TOML_MAX_NESTED_VALUES)",
    "deep_nesting": "emile: deep_nesting.toml:2:1: a0 = {…}: unknown key; valid keys at the top level: after_move, "
                    "cost, event, geography, households, housing, labour, lever, matching, mobility_aid, origin, pathway, run, territory, uncertain",
    "deep_tree": "emile: deep_tree.toml:2:1109: a.k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15.k...: nested "
                 "more than 256 levels deep",
    "duplicate_territory_code": 'emile: duplicate_territory_code.toml:26:8: territory[1].code = "48": '
                                "duplicate code: origins and territories share one list of codes",
    "origin_bare_key": 'emile: origin_bare_key.toml:31:7: event[0].key = "origin.caseworkers": there are 2 [[origin]] '
                       "(IDF, 69M): name one by its code, origin.CODE.<key>",
    "origin_unserved_host": 'emile: origin_unserved_host.toml:25:8: territory[1].code = "48": no origin sends '
                            "households to this host: name it in some origin's `hosts`, or leave that empty",
    "leave_before_join": "emile: leave_before_join.toml:15:14: territory[0].leave_date = 2019-06-20: must be after "
                         "join_date (2019-07-01)",
    "employers_too_many": "emile: employers_too_many.toml:26:8: territory[0].jobs = 100000000: the host territories' "
                          "employers (jobs / labour.employer_mean_size) come to 100000000 (up to territory[0]); at most "
                          "10000000 can be simulated",
    "empty": "emile: empty.toml:1:1: run.name: required string is missing",
    "end_before_start": "emile: end_before_start.toml:5:12: run.end_date = 2019-06-01: must not precede run.start_date "
                        "(2019-06-14)",
    "event_outside_run": "emile: event_outside_run.toml:26:8: event[0].date = 2020-03-17: outside the run "
                         "(2019-06-14 to 2019-09-30)",
    "events_out_of_order": "emile: events_out_of_order.toml:30:8: event[1].date = 2019-07-01: "
                           "events must be in date order",
    "float_beyond_double": "emile: float_beyond_double.toml:9:20: TOML syntax error: Error while parsing "
                           "floating-point: '1e309' could not be interpreted as a value",
    "float_for_integer": "emile: float_for_integer.toml:9:15: origin.caseworkers = 4.5: expected an integer (a whole number, such as 40)",
    "huge_float_for_count": "emile: huge_float_for_count.toml:16:12: territory[0].communes = 1e+308: "
                            "expected an integer (a whole number, such as 40)",
    # The value is echoed as TOML re-formats it, not as written (see share_slightly_above_one).
    "huge_float_for_integer": "emile: huge_float_for_integer.toml:8:23: origin.eligible_households = 1e+300: "
                              "expected an integer (a whole number, such as 40)",
    "huge_integer": "emile: huge_integer.toml:8:23: origin.eligible_households = 9223372036854775807: "
                    "must be in [0, 10000000]",
    "impossible_date": "emile: impossible_date.toml:5:22: TOML syntax error: Error while parsing date: expected day "
                       "between 1 and 28 (inclusive), saw 30",
    "integer_overflow": "emile: integer_overflow.toml:8:43: TOML syntax error: Error while parsing decimal integer: "
                        "'99999999999999999999' is not representable in 64 bits",
    "invalid_utf8": "emile: invalid_utf8.toml:3:11: TOML syntax error: Encountered invalid utf-8 sequence",
    "join_after_end": "emile: join_after_end.toml:14:13: territory[0].join_date = 2020-01-06: is after run.end_date "
                      "(2019-09-30)",
    "join_date_too_early": "emile: join_date_too_early.toml:14:13: territory[0].join_date = 1500-01-01: must be between "
                           "1900-01-01 and 2199-12-31",
    "lever_min_above_max": "emile: lever_min_above_max.toml:28:7: lever[0].max = 5.0: must exceed lever.min (10.0)",
    "lever_stock_too_large": "emile: lever_stock_too_large.toml:28:7: lever[0].max = 1e+08: with "
                             "territory.48.main_residences = 1e+08, the host territories' dwellings (main_residences + "
                             "vacant_dwellings) come to 100006045 (up to territory[0]); at most 40000000 can be simulated",
    "lever_unknown_territory": 'emile: lever_unknown_territory.toml:26:7: lever[0].key = "territory.99.caseworkers": '
                               'no [[territory]] has code "99"; the codes are 48',
    "list_not_array_of_tables": "emile: list_not_array_of_tables.toml:2:13: territory = 3: expected an array of "
                                "tables [[territory]]",
    "long_array": re.compile(r"emile: long_array\.toml:8:18: households\.adults_weights = \[[^\n]*: "
                             r"must hold 2 numbers in \[0, 1000000000\]"),
    "missing_communes_file": "emile: missing_communes_file.toml:8:17: geography.communes_file = "
                             '"no-such-communes.csv": no such file: no-such-communes.csv',
    "missing_required_key": "emile: missing_required_key.toml:11:1: territory[0].jobs: required integer is missing",
    "missing_run_section": re.compile(r"emile: missing_run_section\.toml(:\d+:\d+)?: "
                                      r"run(\.(name|start_date|end_date))?: required [\w ]+ is missing"),
    "negative_count": "emile: negative_count.toml:9:15: origin.caseworkers = -3: must be in [0, 1000000]",
    "not_a_number": "emile: not_a_number.toml:10:22: origin.referrals_per_year = nan: must be a finite number",
    "quoted_date": 'emile: quoted_date.toml:4:14: run.start_date = "2019-06-14": expected a date written YYYY-MM-DD '
                   "(unquoted)",
    "run_too_long": "emile: run_too_long.toml:5:12: run.end_date = 9999-12-31: runs are limited to 50 years",
    "section_not_a_table": "emile: section_not_a_table.toml:2:12: matching = 3: expected a table [matching]",
    "set_event_fractional_integer": "emile: set_event_fractional_integer.toml:28:7: "
                                    'event[0].key = "origin.caseworkers": expected an integral value',
    "set_event_household_parameter": 'emile: set_event_household_parameter.toml:28:7: event[0].key = '
                                     '"households.licence_share": cannot change during a run (the eligible pool is '
                                     "drawn, profiles included, when the run starts); set it in the scenario or with --set",
    "set_event_stock_parameter": 'emile: set_event_stock_parameter.toml:28:7: event[0].key = '
                                 '"territory.48.vacant_dwellings": cannot change during a run (each dwelling is drawn, '
                                 "with its tenure and rent, when the stock is built); set it in the scenario or with --set",
    "set_event_text_parameter": 'emile: set_event_text_parameter.toml:28:7: event[0].key = "origin.name": only numeric '
                                "and boolean parameters can change during a run",
    "nul_in_string": 'emile: nul_in_string.toml:3:8: run.name = "mini\\u0000mal": holds the control character U+0000: '
                     "names, codes, keys and paths are one line of printable text",
    "set_event_cost_parameter": 'emile: set_event_cost_parameter.toml:28:7: event[0].key = "cost.move_eur": cannot '
                                "change during a run (prices apply to the whole run: the cost is computed after it); "
                                "set it in the scenario or with --set",
    "set_event_unknown_key": 'emile: set_event_unknown_key.toml:28:7: event[0].key = "origin.caseworkerz": no such '
                             "parameter; valid keys here: caseload, caseworkers, centre_latitude, centre_longitude, "
                             "code, eligible_households, hosts, hotel_night_eur, initial_referred, join_date, name, "
                             "referrals_per_year, shelter_night_eur, travel_minutes_from",
    "set_event_unknown_section": 'emile: set_event_unknown_section.toml:28:7: event[0].key = "nonsense.key": '
                                 '"nonsense" is not a table or list here; valid keys: after_move, cost, event, '
                                 "geography, households, housing, labour, lever, matching, mobility_aid, origin, pathway, run, territory, uncertain",
    "set_event_unknown_territory": 'emile: set_event_unknown_territory.toml:28:7: event[0].key = '
                                   '"territory.99.caseworkers": no [[territory]] has code "99"; the codes are 48',
    "set_event_without_key": re.compile(r"emile: set_event_without_key\.toml:\d+:\d+: event\[0\]\.key( = \"\")?: "
                                        r"a `set` event needs the key of the parameter it changes"),
    "share_above_one": "emile: share_above_one.toml:15:16: territory[0].social_share = 1.5: must be in [0, 1]",
    "share_slightly_above_one": "emile: share_slightly_above_one.toml:15:16: territory[0].social_share = 1.1: "
                                "must be in [0, 1]",
    "step_days_zero": "emile: step_days_zero.toml:6:13: run.step_days = 0: must be in [1, 31]",
    "stock_too_large": "emile: stock_too_large.toml:33:19: territory[1].main_residences = 25000000: the host "
                       "territories' dwellings (main_residences + vacant_dwellings) come to 50012090 (up to "
                       "territory[1]); at most 40000000 can be simulated",
    "string_for_integer": 'emile: string_for_integer.toml:9:15: origin.caseworkers = "4": expected an integer (a whole number, such as 40)',
    "syntax_error": "emile: syntax_error.toml:9:15: TOML syntax error: Error while parsing value: could not determine "
                    "value type",
    "table_header_without_key": "emile: table_header_without_key.toml:11:3: TOML syntax error: Error while parsing "
                                "key: expected bare key starting character or string delimiter, saw '='",
    "territory_code_of_origin": 'emile: territory_code_of_origin.toml:12:8: territory[0].code = "IDF": '
                                "duplicate code: origins and territories share one list of codes",
    "unclosed_table_header": "emile: unclosed_table_header.toml:7:8: TOML syntax error: Error while parsing table "
                             "header: expected ']', saw '\\n'",
    "unemployed_exceeds_active": "emile: unemployed_exceeds_active.toml:22:14: territory[0].unemployed = 40000: "
                                 "exceeds active",
    "unknown_event_kind": 'emile: unknown_event_kind.toml:27:8: event[0].kind = "earthquake": must be one of set, '
                          "lockdown",
    "unknown_key": "emile: unknown_key.toml:9:14: origin.caseworker = 4: unknown key; valid keys in [origin]: "
                   "caseload, caseworkers, centre_latitude, centre_longitude, code, eligible_households, hosts, "
                   "hotel_night_eur, initial_referred, join_date, name, referrals_per_year, shelter_night_eur, "
                   "travel_minutes_from",
    "unknown_matching_mechanism": 'emile: unknown_matching_mechanism.toml:8:13: matching.mechanism = "random": '
                                  "must be one of greedy, deferred_acceptance, optimal",
    "very_long_line": 'emile: very_long_line.toml:9:15: origin.caseworkers = "' + "x" * 56 + '...: '
                      'expected an integer (a whole number, such as 40)',
    "wrong_type_boolean": "emile: wrong_type_boolean.toml:8:19: pathway.direct_referral = 1: expected true or false",
    "wrong_weights_length": "emile: wrong_weights_length.toml:8:18: households.adults_weights = [0.5, 0.25, 0.25]: "
                            "must hold 2 numbers in [0, 1000000000]",
    "zero_weights": "emile: zero_weights.toml:8:18: households.adults_weights: weights must not all be zero",
}

CORPUS_REFERENCE = "minimal_valid"


def corpus_cases():
    for name in sorted(CORPUS_MESSAGES):
        for command in ("validate", "run"):
            yield pytest.param(name, command, id=f"{name}-{command}")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """A copy of bad_scenarios/ laid out as in the repository (tests/cli/bad_scenarios beside scenarios/), so that
    relative bases resolve and nothing a command does can touch the repository."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SOURCE_DIR / "scenarios", root / "scenarios")
    (root / "data").symlink_to(SOURCE_DIR / "data")
    folder = root / "tests" / "cli" / "bad_scenarios"
    shutil.copytree(CORPUS_DIR, folder)
    return folder


def test_every_corpus_file_has_an_expected_message():
    names = {p.stem for p in CORPUS_DIR.glob("*.toml")} - {CORPUS_REFERENCE}
    assert names == set(CORPUS_MESSAGES)


def test_the_corpus_reference_scenario_is_valid(emile, corpus, tmp_path):
    done = run_emile(emile, "validate", f"{CORPUS_REFERENCE}.toml", cwd=corpus)
    assert done.returncode == EXIT_OK, done.stderr
    done = run_emile(emile, "run", "-q", f"{CORPUS_REFERENCE}.toml", "-o", tmp_path / "out.h5", cwd=corpus)
    assert done.returncode == EXIT_OK, done.stderr
    assert files_in(tmp_path) == ["out.h5"]


@pytest.mark.parametrize("name, command", corpus_cases())
def test_a_malformed_scenario_exits_2_with_its_exact_message(emile, corpus, tmp_path, name, command):
    output = tmp_path / "output"
    output.mkdir()
    before = files_in(corpus)
    arguments = ["validate", f"{name}.toml"] if command == "validate" else ["run", f"{name}.toml", "-o",
                                                                            output / "out.h5"]
    done = run_emile(emile, *arguments, cwd=corpus)
    expected = CORPUS_MESSAGES[name]
    assert done.returncode == EXIT_BAD_INPUT, (done.returncode, done.stderr[:2000])
    if isinstance(expected, re.Pattern):
        assert re.fullmatch(expected.pattern + "\n", done.stderr), done.stderr[:2000]
    else:
        assert done.stderr == expected + "\n"
    assert done.stdout == ""
    assert files_in(output) == []
    assert files_in(corpus) == before


def limit_address_space():
    """Child set-up: at most 1 GiB of address space, less than any of the refused worlds needs."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


@pytest.mark.parametrize("name", ["stock_too_large", "employers_too_many", "commune_pairs_too_many",
                                  "lever_stock_too_large"])
def test_a_world_too_large_is_refused_before_anything_is_allocated(emile, corpus, tmp_path, name):
    done = run_emile(emile, "run", f"{name}.toml", "-o", tmp_path / "out.h5", cwd=corpus,
                     preexec_fn=limit_address_space)
    assert done.returncode == EXIT_BAD_INPUT, (done.returncode, done.stderr[:2000])
    assert done.stderr == CORPUS_MESSAGES[name] + "\n"
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("where", ["header", "key", "inline_table", "set"])
def test_a_key_a_million_levels_deep_is_refused_without_overflowing_the_stack(emile, tmp_path, where):
    # One command-line argument holds at most 128 KiB: 60 000 parts there.
    key = ".".join(["a"] * (60_000 if where == "set" else 1_000_000))
    if where == "set":
        (tmp_path / "deep.toml").write_text((CORPUS_DIR / f"{CORPUS_REFERENCE}.toml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
        done = run_emile(emile, "run", "deep.toml", "--set", f"origin.caseworkers={{{key} = 1}}", "-o", "out.h5",
                         cwd=tmp_path)
    else:
        text = {"header": f"[{key}]\n", "key": f"{key} = 1\n", "inline_table": f"x = {{{key} = 1}}\n"}[where]
        (tmp_path / "deep.toml").write_text(text, encoding="utf-8")
        done = run_emile(emile, "validate", "deep.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, (done.returncode, done.stderr[:2000])
    assert done.stderr.count("\n") == 1 and "a.a.a.a" in done.stderr, done.stderr[:2000]
    assert done.stderr.rstrip().endswith("nested more than 256 levels deep"), done.stderr[:2000]
    assert files_in(tmp_path) == ["deep.toml"]


def test_dots_outside_keys_do_not_count_as_nesting(emile, tmp_path):
    """Only dotted keys are limited to 256 parts: dots in strings, comments and numbers are not key parts."""
    dots = "." * 1000
    text = (CORPUS_DIR / f"{CORPUS_REFERENCE}.toml").read_text(encoding="utf-8")
    text = text.replace('name = "minimal"', f'name = "{dots}"  # {dots}\n# {dots}')
    text = text.replace('name = "Lozère"', f"name = '''Loz{dots}ère'''\ncohort = \"\"\"{dots}\"\"\"")
    text = text.replace("[origin]", "[labour]\nsummer_seasonality = [" + ", ".join(["0.5"] * 12) + "]\n\n[origin]")
    (tmp_path / "dots.toml").write_text(text, encoding="utf-8")
    done = run_emile(emile, "validate", "dots.toml", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    parts = ".".join(["a"] * 256)  # 256 parts are still read as a key (an unknown one here)
    (tmp_path / "parts.toml").write_text(f"{parts} = 1\n", encoding="utf-8")
    done = run_emile(emile, "validate", "parts.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT and "a = {…}: unknown key" in done.stderr, done.stderr


def test_a_scenario_file_too_large_is_refused_before_it_is_read(emile, tmp_path):
    with open(tmp_path / "huge.toml", "wb") as f:
        f.truncate(65 << 20)  # sparse: 65 MiB on paper, nothing on disk
    done = run_emile(emile, "validate", "huge.toml", cwd=tmp_path, preexec_fn=limit_address_space)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr == "emile: huge.toml: too large for a scenario file (65 MiB; at most 64 MiB)\n"


def test_a_scenario_without_run_table_is_rejected(emile, tmp_path):
    text = (CORPUS_DIR / "missing_run_section.toml").read_text(encoding="utf-8")
    (tmp_path / "no-run.toml").write_text(text.replace("join_date = 2019-06-14", "join_date = 1970-01-01"),
                                          encoding="utf-8")
    done = run_emile(emile, "validate", "no-run.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stdout
    assert "run.name" in done.stderr or "run.start_date" in done.stderr or "run.end_date" in done.stderr


# ---- info --------------------------------------------------------------------------------------------------

def test_info_describes_a_results_file(emile, pilot_runs):
    done = run_emile(emile, "info", "a.h5", cwd=pilot_runs["folder"])
    assert done.returncode == EXIT_OK, done.stderr
    out = done.stdout
    assert re.search(r"^scenario: +pilot-2019$", out, re.MULTILINE)
    assert re.search(r"^seed: +7, 4 replication\(s\)$", out, re.MULTILINE)
    assert re.search(r"^dates: +2019-06-20 to 2020-07-02, 55 steps of 7 days", out, re.MULTILINE)
    with h5py.File(pilot_runs["a"], "r") as f:
        means = {flow: float(np.mean(f[f"summary/{flow}_households"][()])) for flow in FLOWS}
    for flow, mean in means.items():
        shown = re.search(rf"^ +{flow}_households +([0-9.]+)$", out, re.MULTILINE)
        assert shown, flow
        assert float(shown.group(1)) == pytest.approx(mean, abs=0.005), flow


def write_foreign_hdf5(path):
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
        f.attrs["title"] = "not an emile results file"


def write_lookalike_hdf5(path):
    with h5py.File(path, "w") as f:
        f.attrs["schema_version"] = 1
        f.attrs["emile_version"] = "0.1.0"
        f.attrs["scenario"] = "lookalike"
        f.attrs["seed"] = 1.5


@pytest.mark.parametrize("kind", ["truncated", "empty", "text", "foreign_hdf5", "lookalike_hdf5", "directory"])
def test_info_rejects_a_file_that_is_not_a_results_file(emile, pilot_runs, tmp_path, kind):
    path = tmp_path / f"{kind}.h5"
    if kind == "truncated":
        data = pilot_runs["a"].read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("emile results, honestly\n", encoding="utf-8")
    elif kind == "foreign_hdf5":
        write_foreign_hdf5(path)
    elif kind == "lookalike_hdf5":
        write_lookalike_hdf5(path)
    else:
        path.mkdir()
    done = run_emile(emile, "info", path.name, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, (done.returncode, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    if kind != "directory":  # a directory is refused while parsing arguments
        assert len(lines) == 1 and lines[0].startswith(f"emile: {path.name}: "), done.stderr
    else:
        assert path.name in done.stderr


# ---- Writing failures ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["missing_folder", "under_a_file", "a_directory"])
def test_an_unwritable_output_exits_1_naming_the_path(emile, tmp_path, where):
    if where == "missing_folder":
        target = tmp_path / "no-such-folder" / "out.h5"
    elif where == "under_a_file":
        (tmp_path / "plain-file").write_text("x", encoding="utf-8")
        target = tmp_path / "plain-file" / "out.h5"
    else:
        target = tmp_path / "folder.h5"
        target.mkdir()
    before = files_in(tmp_path)
    done = run_emile(emile, "run", PILOT, "-q", "-r", 1, "-o", target, cwd=tmp_path)
    assert done.returncode == EXIT_FAILURE, done.stderr
    assert done.stderr.startswith(f"emile: {target}: ") and done.stderr.count("\n") == 1, done.stderr
    assert files_in(tmp_path) == before


def test_an_output_in_the_root_nonexistent_folder_exits_1(emile, tmp_path):
    target = Path("/nonexistent-dir/out.h5")
    if target.parent.exists():
        pytest.skip(f"{target.parent} exists on this machine")
    done = run_emile(emile, "run", PILOT, "-q", "-r", 1, "-o", target, cwd=tmp_path)
    assert done.returncode == EXIT_FAILURE, done.stderr
    assert done.stderr.startswith(f"emile: {target}: "), done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind the superuser")
def test_a_read_only_folder_exits_1_and_keeps_the_existing_file(emile, pilot_seed_runs, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    existing = folder / "existing.h5"
    shutil.copyfile(pilot_seed_runs / "first.h5", existing)
    content = existing.read_bytes()
    folder.chmod(0o555)
    try:
        done = run_emile(emile, "run", PILOT, "-q", "-r", 1, "--seed", 99, "-o", existing, cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert done.returncode == EXIT_FAILURE, done.stderr
    assert str(existing) in done.stderr
    assert existing.read_bytes() == content
    assert files_in(folder) == ["existing.h5"]


def limit_file_size():
    """Child set-up: files may not grow past 64 KiB, and exceeding it fails the write instead of killing."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_failed_write_exits_1_and_leaves_the_existing_file_untouched(emile, pilot_seed_runs, tmp_path):
    existing = tmp_path / "existing.h5"
    shutil.copyfile(pilot_seed_runs / "first.h5", existing)
    content = existing.read_bytes()
    done = run_emile(emile, "run", PILOT, "-q", "-r", 1, "--seed", 99, "-o", "existing.h5", cwd=tmp_path,
                     preexec_fn=limit_file_size)
    assert done.returncode == EXIT_FAILURE, done.stderr
    assert done.stderr.startswith("emile: existing.h5: ") and done.stderr.count("\n") == 1, done.stderr
    assert existing.read_bytes() == content
    assert files_in(tmp_path) == ["existing.h5"]


def test_bad_input_leaves_the_existing_file_untouched(emile, pilot_seed_runs, tmp_path):
    existing = tmp_path / "existing.h5"
    shutil.copyfile(pilot_seed_runs / "first.h5", existing)
    content = existing.read_bytes()
    done = run_emile(emile, "run", PILOT, "-q", "--set", "origin.caseworkers=-3", "-o", "existing.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert existing.read_bytes() == content
    assert files_in(tmp_path) == ["existing.h5"]


def test_an_interrupted_run_exits_130_and_leaves_the_existing_file_untouched(emile, pilot_seed_runs, tmp_path):
    existing = tmp_path / "existing.h5"
    shutil.copyfile(pilot_seed_runs / "first.h5", existing)
    content = existing.read_bytes()
    process = subprocess.Popen([str(emile), "run", str(PILOT), "-q", "-r", "64", "--threads", "1", "-o",
                                "existing.h5"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               encoding="utf-8")
    try:
        time.sleep(1.0)  # well past argument parsing, where the handler is installed; far from the end of 64 runs
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert "interrupted; no results written" in stderr
    assert existing.read_bytes() == content
    assert files_in(tmp_path) == ["existing.h5"]


def test_info_reads_a_file_of_the_previous_results_schema(emile, pilot_runs, tmp_path):
    """A schema-1 file (before /communes, /households/dwelling_commune, the caseworkers metric and the
    invocation attribute) is still read; one that claims schema 2 without them is refused."""
    old = tmp_path / "old.h5"
    shutil.copy(pilot_runs["a"], old)
    with h5py.File(old, "r+") as f:
        f.attrs["schema_version"] = 1
        del f.attrs["invocation"]
        del f["communes"], f["timeseries/caseworkers"], f["ensemble/caseworkers"], f["households/dwelling_commune"]
        columns = plain(f["households"].attrs["columns"]).split(",")
        f["households"].attrs["columns"] = ",".join(c for c in columns if c != "dwelling_commune")
    done = run_emile(emile, "info", old, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "(results schema 1)" in done.stdout
    with h5py.File(old, "r+") as f:
        f.attrs["schema_version"] = 2
    refused = run_emile(emile, "info", old, cwd=tmp_path)
    assert refused.returncode == EXIT_BAD_INPUT
    assert refused.stderr == f"emile: {old}: /: attribute invocation: not found\n"


def test_validation_takes_linear_time_in_set_events(emile, tmp_path):
    """100,000 dated `set` events (about 8 MB of TOML) validate within the command's timeout; the time is printed."""
    events = "".join(f'[[event]]\ndate = {date(2019, 6, 14) + timedelta(days=k % 200)}\nkind = "set"\n'
                     f'key = "territory.15.caseworkers"\nvalue = {1 + k % 5}\n'
                     for k in sorted(range(100_000), key=lambda k: k % 200))
    text = pilot_text()
    scenario = tmp_path / "many-events.toml"
    scenario.write_text(text.split("[[event]]")[0] + events + "[[event]]" + text.split("[[event]]", 1)[1],
                        encoding="utf-8")
    start = time.monotonic()
    done = run_emile(emile, "validate", scenario.name, cwd=tmp_path)
    elapsed = time.monotonic() - start
    print(f"validated 100,000 set events in {elapsed:.2f} s")
    assert done.returncode == EXIT_OK, done.stderr
    assert "100001 events" in done.stdout


def test_set_refuses_a_value_followed_by_another_key(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-q", "--set", "origin.caseworkers=3\nrun.seed = 4", "-o", "x.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "not exactly one TOML value (a newline or a second key follows it)" in done.stderr
    assert list(tmp_path.iterdir()) == []


# ---- run --stop-after ---------------------------------------------------------------------------------------

def test_run_stopped_after_a_date_holds_the_first_weeks_of_the_whole_run(emile, pilot_runs):
    """--stop-after: the results end with the step containing the date, and those steps are the whole run's."""
    folder = pilot_runs["folder"]
    done = run_emile(emile, "run", PILOT, "-q", "--seed", 7, "-r", 4, "--stop-after", "2019-07-26", "-o", "early.h5",
                     cwd=folder)
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(folder / "early.h5", "r") as early, h5py.File(pilot_runs["a"], "r") as whole:
        dates = read_strings(early["timeseries/dates"])
        assert dates[-1] >= "2019-07-26" > read_strings(whole["timeseries/dates"])[len(dates) - 2]
        assert dates == read_strings(whole["timeseries/dates"])[:len(dates)]
        for flow in FLOWS:
            name = f"timeseries/{flow}_households"
            np.testing.assert_array_equal(early[name][...], whole[name][:, :len(dates), :])


@pytest.mark.parametrize("date", ["2019-06-01", "2030-01-01", "26/07/2019"])
def test_run_refuses_a_stop_date_outside_the_run(emile, tmp_path, date):
    done = run_emile(emile, "run", PILOT, "-q", "--stop-after", date, "-o", "x.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "--stop-after" in done.stderr
    assert not (tmp_path / "x.h5").exists()


# ---- run --record -------------------------------------------------------------------------------------------

def test_a_summary_record_holds_the_headline_outcomes_and_bands_and_opens_with_info(emile, pilot_runs):
    """--record summary: the same /summary and /ensemble as the full file of the same seed, no per-replication
    series or households, and `emile info` reads it, saying its level."""
    folder = pilot_runs["folder"]
    done = run_emile(emile, "run", PILOT, "-q", "--seed", 7, "-r", 4, "--record", "summary", "-o", "summary.h5",
                     cwd=folder)
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(folder / "summary.h5", "r") as summary, h5py.File(pilot_runs["a"], "r") as full:
        assert summary.attrs["record"] == "summary" and full.attrs["record"] == "full"
        assert "households" not in summary and "events" not in summary and "moved_households" not in summary["timeseries"]
        for column in str(full["summary"].attrs["columns"]).split(","):
            np.testing.assert_array_equal(summary["summary"][column][...], full["summary"][column][...])
        np.testing.assert_array_equal(summary["ensemble/moved_households/q95"][...], full["ensemble/moved_households/q95"][...])
    info = run_emile(emile, "info", "summary.h5", cwd=folder)
    assert info.returncode == EXIT_OK, info.stderr
    assert "record:        summary" in info.stdout and "/households" not in info.stdout


def test_run_refuses_an_unknown_record_level(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-q", "--record", "everything", "-o", "x.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "--record everything: expected summary, series or full" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("arguments", [
    ["compare", "PILOT", "VARIANT"],
    ["sweep", "PILOT", "--vary", "origin.caseworkers=2,20"],
    ["capacity", "PILOT"],
    ["sensitivity", "PILOT", "--method", "sobol"],
    ["calibrate", "PILOT", "--targets", "TARGETS"],
], ids=lambda a: a[0])
def test_quiet_without_an_output_is_refused_before_any_work(emile, tmp_path, arguments):
    """-q silences the table, which without -o is the command's only output: refused at once, saying why."""
    names = {"PILOT": PILOT, "VARIANT": SOURCE_DIR / "scenarios" / "variants" / "double-caseworkers.toml",
             "TARGETS": SOURCE_DIR / "scenarios" / "targets" / "pilot-2019.toml"}
    done = run_emile(emile, *[names.get(a, a) for a in arguments], "-q", cwd=tmp_path, timeout=30)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr == ("emile: -q without -o: this command would print nothing and write nothing; drop -q to see "
                           "its table, or give -o FILE to keep its results\n")
    assert done.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("setting, message", [
    ("origin.caseworkers=forty", "origin.caseworkers = forty: expected an integer (a whole number, such as 40)"),
    ("matching.mechanism=greedy", "matching.mechanism = greedy: expected text in double quotes (such as \"greedy\"); "
                                  "on a command line, quote the quotes: --set 'matching.mechanism=\"greedy\"'"),
    ("territory.99.caseworkers=3", "territory.99.caseworkers = 3: no [[territory]] has code \"99\"; the codes are 15, "
                                   "25, 46, 48, 49, 76"),
], ids=["integer", "text", "code"])
def test_a_bad_set_value_says_what_was_expected_in_the_users_terms(emile, tmp_path, setting, message):
    done = run_emile(emile, "run", PILOT, "--set", setting, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stderr == f"emile: --set {setting}: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["run", "resume", "validate", "info", "tables", "parameters", "compare", "sweep",
                                     "capacity", "sensitivity", "calibrate", "check"])
def test_every_help_ends_with_examples_of_its_command(emile, tmp_path, command):
    done = run_emile(emile, command, "--help", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    examples = done.stdout.split("Examples (from the repository's root):\n", 1)
    assert len(examples) == 2, done.stdout
    lines = [line.strip() for line in examples[1].splitlines() if line.strip()]
    assert lines and all(re.match(rf"(mpirun -n \d+ )?emile {command}\b", line) for line in lines), lines
    # The files the examples name from the repository are there.
    for line in lines:
        for word in line.split():
            if word.startswith("scenarios/"):
                assert (SOURCE_DIR / word).is_file(), word
