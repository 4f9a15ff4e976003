"""Behaviour of `emile capacity` and `emile sensitivity` on the pilot, as an evaluator meets them.

Same conventions as test_cli.py (helpers in cli_helpers.py): the binary comes from EMILE_BIN and the repository
from EMILE_SOURCE_DIR; every test works in pytest's temporary folders and passes `cwd` explicitly. Exit codes:
0 success, 2 bad input, 1 runtime failure. Windows, replications and trajectories are kept small so the file runs
in well under a minute on two cores.
"""

import re
import time

import h5py
import numpy as np
import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, PILOT, files_in, run_emile, table

ROOT_ATTRIBUTES = ["schema_version", "emile_version", "scenario", "seed", "replications", "created_utc"]
RESOURCES = ["origin_caseworker", "territory_caseworker", "immersion_slot", "reserved_dwelling", "vacancies", "referrals"]
OUTCOMES = ["enrolled_households", "immersed_households", "moved_households", "settled_households",
            "returned_households", "withdrawn_households", "moved_persons"]
LEVERS = ["after_move.return_factor_no_car", "origin.caseworkers"]
PILOT_CODES = ["15", "25", "46", "48", "49", "76"]


def write_lever_variant(folder):
    """The pilot with two levers, as a variant file over the shipped scenario."""
    path = folder / "pilot-levers.toml"
    path.write_text(f'base = "{PILOT.as_posix()}"\n\n'
                    '[[lever]]\nkey = "after_move.return_factor_no_car"\nmin = 1.0\nmax = 3.0\n\n'
                    '[[lever]]\nkey = "origin.caseworkers"\nmin = 1\nmax = 20\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def capacity(emile, tmp_path_factory):
    folder = tmp_path_factory.mktemp("capacity")
    output = folder / "capacity.h5"
    done = run_emile(emile, "capacity", PILOT, "-r", 2, "--warmup-weeks", 4, "--window-weeks", 13, "--seed", 4,
                     "-o", output, cwd=folder)
    return done, output


@pytest.fixture(scope="module")
def sensitivity(emile, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sensitivity")
    output = folder / "sensitivity.h5"
    done = run_emile(emile, "sensitivity", write_lever_variant(folder), "-r", 1, "--trajectories", 2, "-o", output,
                     cwd=folder)
    return done, output


# ---- capacity ------------------------------------------------------------------------------------------------

def test_capacity_prints_the_rates_the_resources_and_the_binding_constraint(capacity):
    done, output = capacity
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("all ") and "programme" in line for line in lines), done.stdout
    for code in PILOT_CODES:
        assert any(line.startswith(f"{code} ") for line in lines), code
    for resource in RESOURCES:
        assert any(line.startswith(resource) for line in lines), resource
    assert sum(line.startswith("binding constraint: ") for line in lines) == 1, done.stdout
    assert f"results: {output}" in done.stdout


def test_capacity_writes_the_documented_file(capacity):
    done, output = capacity
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(output, "r") as f:
        for name in ROOT_ATTRIBUTES + ["analysis", "warmup_weeks", "window_weeks"]:
            assert name in f.attrs, name
        assert f.attrs["analysis"] == "capacity"
        assert f.attrs["warmup_weeks"] == 4 and f.attrs["window_weeks"] == 13
        assert f.attrs["seed"] == 4 and f.attrs["replications"] == 2
        assert f.attrs["scenario"] == "pilot-2019"
        assert "[run]" in f["/scenario"][()].decode()

        relocations = table(f["/capacity/relocations"])
        assert {"territory", "per_year", "ci_low", "ci_high"} <= set(relocations)
        assert list(relocations["territory"]) == ["all"] + PILOT_CODES
        assert relocations["per_year"][0] == pytest.approx(relocations["per_year"][1:].sum())
        assert np.all(relocations["ci_low"] <= relocations["per_year"])
        assert np.all(relocations["per_year"] <= relocations["ci_high"])

        resources = table(f["/capacity/resources"])
        assert {"resource", "territory", "unit", "mean_wait_weeks", "mean_queue_weeks", "gain_per_year", "ci_low",
                "ci_high"} <= set(resources)
        assert len(resources["resource"]) == 1 + 3 * len(PILOT_CODES) + 2
        assert set(resources["resource"]) == set(RESOURCES)
        binding = f["/capacity"].attrs["binding"]
        statement = f["/capacity"].attrs["binding_statement"]
        # The rule: named only when told apart from 0 after Holm and from the runner-up.
        if binding == "none":
            assert statement.startswith("none named: ")
        else:
            named = [i for i, r in enumerate(resources["resource"]) if binding.startswith(r)]
            assert any(resources["holm_p_value"][i] < 0.05 for i in named)
            assert statement.startswith(f"{binding} binds: ")
        tested = resources["gain_per_year"] != 0
        assert np.all(np.isnan(resources["p_value"]) | (resources["p_value"] <= resources["holm_p_value"]))
        costs = resources["cost_eur_per_year"]
        caseworkers = np.isin(resources["resource"], ["origin_caseworker", "territory_caseworker"])
        assert np.all(costs[caseworkers] == 45000) and np.all(np.isnan(costs[resources["resource"] == "vacancies"]))
        assert resources["gain_per_100k_eur"][caseworkers] == pytest.approx(
            resources["gain_per_year"][caseworkers] * 100000 / 45000)
        assert f"binding constraint: {binding}\n{statement}" in done.stdout
        # The verdict's parts: the reason agrees with the name, the top two rows are the largest mean gains.
        verdict = f["/capacity"].attrs
        assert (verdict["binding_reason"] == "binds") == (binding != "none")
        gains = resources["gain_per_year"]
        top, runner_up = verdict["binding_top"], verdict["binding_runner_up"]
        assert gains[top] == gains.max() and top != runner_up
        assert gains[runner_up] == np.sort(gains)[-2]
        if verdict["binding_reason"] in ("binds", "not_significant"):
            assert f"{verdict['binding_tested']} of {len(gains)} resources tested" in statement
        assert (verdict["replications_to_separate"] > 0) == (f"replications would separate" in statement)
        assert tested.any() or statement.startswith("none named")


def test_capacity_leaves_closed_territories_out(emile, tmp_path):
    done = run_emile(emile, "capacity", PILOT, "-r", 2, "--warmup-weeks", 4, "--window-weeks", 8, "--seed", 4,
                     "--set", "territory.46.pipeline_capacity=0", "-o", "closed.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "(closed over the whole window, left out: 46)" in done.stdout
    with h5py.File(tmp_path / "closed.h5") as f:
        assert f["/capacity"].attrs["closed_territories"] == "46"
        assert "46" not in list(table(f["/capacity/relocations"])["territory"])
        resources = table(f["/capacity/resources"])
        assert "46" not in list(resources["territory"])
        assert len(resources["resource"]) == 1 + 3 * (len(PILOT_CODES) - 1) + 2
        relocations = table(f["/capacity/relocations"])
        assert np.all(relocations["ci_low"] >= 0)


# ---- sensitivity ---------------------------------------------------------------------------------------------

def test_sensitivity_prints_every_lever_and_outcome(sensitivity):
    done, _ = sensitivity
    assert done.returncode == EXIT_OK, done.stderr
    for lever in LEVERS:
        assert f"\n{lever} in [" in done.stdout, lever
    for outcome in OUTCOMES:
        assert done.stdout.count(f"  {outcome} ") == len(LEVERS), outcome


def test_sensitivity_writes_the_effects_and_the_design(sensitivity):
    done, output = sensitivity
    assert done.returncode == EXIT_OK, done.stderr
    with h5py.File(output, "r") as f:
        for name in ROOT_ATTRIBUTES + ["analysis", "trajectories", "levels", "delta"]:
            assert name in f.attrs, name
        assert f.attrs["analysis"] == "sensitivity"
        assert f.attrs["trajectories"] == 2 and f.attrs["levels"] == 4

        effects = table(f["/sensitivity/effects"])
        assert list(effects) == ["lever", "outcome", "mu", "mu_star", "sigma", "mu_star_low", "mu_star_high", "sigma_low",
                                 "sigma_high"]
        assert np.all(effects["mu_star_low"] <= effects["mu_star_high"])
        assert np.all(effects["sigma_low"] <= effects["sigma_high"])
        pairs = list(zip(effects["lever"], effects["outcome"]))
        assert pairs == [(lever, outcome) for lever in LEVERS for outcome in OUTCOMES]
        assert np.all(effects["mu_star"] >= np.abs(effects["mu"]) - 1e-9)
        by_pair = dict(zip(pairs, effects["mu_star"]))
        assert by_pair[("origin.caseworkers", "enrolled_households")] > 0.0

        design = table(f["/sensitivity/design"])
        assert len(design["trajectory"]) == 2 * (len(LEVERS) + 1)
        for lever in LEVERS:
            assert np.all((design[f"x:{lever}"] >= 0) & (design[f"x:{lever}"] <= 1))
        assert np.all(design["origin.caseworkers"] == np.round(design["origin.caseworkers"]))
        for outcome in OUTCOMES:
            assert outcome in design


def test_sensitivity_without_levers_exits_2_naming_the_file(emile, tmp_path):
    output = tmp_path / "out.h5"
    done = run_emile(emile, "sensitivity", PILOT, "-o", output, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert done.stderr.startswith(f"emile: {PILOT}: lever: "), done.stderr
    assert files_in(tmp_path) == []


# ---- output checked before running ---------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["capacity", "sensitivity"])
def test_an_output_in_a_missing_folder_exits_1_before_running(emile, tmp_path, command):
    scenario = write_lever_variant(tmp_path)
    target = tmp_path / "no-such-folder" / "out.h5"
    before = files_in(tmp_path)
    started = time.monotonic()
    done = run_emile(emile, command, scenario, "-r", 8, "-o", target, cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert done.returncode == EXIT_FAILURE, done.stderr
    assert done.stderr.startswith(f"emile: {target}: "), done.stderr
    assert done.stdout == ""
    assert elapsed < 5, f"{command} ran for {elapsed:.1f} s before failing"
    assert files_in(tmp_path) == before


def test_a_variant_replaces_its_bases_levers(emile, tmp_path):
    base = write_lever_variant(tmp_path)
    variant = tmp_path / "one-lever.toml"
    variant.write_text(f'base = "{base.name}"\nreplaces = ["lever"]\n\n'
                       '[[lever]]\nkey = "origin.caseworkers"\nmin = 5\nmax = 10\n', encoding="utf-8")
    done = run_emile(emile, "sensitivity", variant, "-r", 1, "--trajectories", 2, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "\norigin.caseworkers in [5, 10]" in done.stdout
    assert "after_move.return_factor_no_car" not in done.stdout
    # Without `replaces`, the variant's levers add to its base's.
    variant.write_text(f'base = "{base.name}"\n\n[[lever]]\nkey = "territory.15.caseworkers"\nmin = 1\nmax = 3\n',
                       encoding="utf-8")
    done = run_emile(emile, "sensitivity", variant, "-r", 1, "--trajectories", 2, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert sum(f"\n{lever} in [" in done.stdout
               for lever in LEVERS + ["territory.15.caseworkers"]) == 3


@pytest.mark.parametrize("text, message", [
    ('replaces = ["lever"]\n', "replaces = [\"lever\"]: only a variant replaces lists of its base"),
    ('base = "{base}"\nreplaces = ["levers"]\n', "expected the name of a list of tables of the base (it has: "),
    ('base = "{base}"\nreplaces = "lever"\n', "expected a list of list names"),
])
def test_replaces_is_refused_where_it_means_nothing(emile, tmp_path, text, message):
    base = write_lever_variant(tmp_path)
    path = tmp_path / "bad.toml"
    path.write_text(text.format(base=base.name) + "[run]\nname = \"bad\"\n", encoding="utf-8")
    done = run_emile(emile, "validate", path, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert f"{path}:" in done.stderr and message in done.stderr


def test_a_long_command_logs_its_progress_off_a_terminal(emile, tmp_path):
    # Off a terminal (here, a pipe), a command that has run 5 s logs a line at each tenth done on stderr.
    started = time.monotonic()
    done = run_emile(emile, "capacity", PILOT.parent / "expansion-2021.toml", "-r", 24, "-o", "c.h5",
                     cwd=tmp_path, timeout=600)
    elapsed = time.monotonic() - started
    assert done.returncode == EXIT_OK, done.stderr
    lines = done.stderr.splitlines()
    pattern = re.compile(r"^emile capacity expansion-2021: (\d+) % done, (\d+) s elapsed, about (\d+) s left$")
    matches = [pattern.match(line) for line in lines]
    assert all(matches), lines
    percents = [int(m.group(1)) for m in matches]
    assert percents == sorted(set(percents)) and all(p % 10 == 0 and 0 < p < 100 for p in percents)
    assert all(int(m.group(2)) >= 5 for m in matches)
    if elapsed >= 8:  # a machine fast enough to finish sooner logs nothing, as a short command should not
        assert percents, done.stderr
    quiet = run_emile(emile, "capacity", PILOT, "-r", 1, "--window-weeks", 4, "--warmup-weeks", 1, cwd=tmp_path)
    assert quiet.returncode == EXIT_OK and quiet.stderr == ""  # a short command says nothing on stderr
