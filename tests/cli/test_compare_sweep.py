"""`emile compare` and `emile sweep` on the shipped scenarios: exit codes, printed tables and HDF5 output."""
import tomllib

import h5py
import numpy as np
import pandas as pd
import pytest

from cli_helpers import PILOT, run_emile, table

COMMAND_TIMEOUT = 600  # seconds: compare and sweep run several ensembles


def test_compare_prints_and_writes_paired_differences(emile, tmp_path):
    variant = tmp_path / "variant.toml"
    variant.write_text(f'base = "{PILOT}"\n[run]\nname = "more-housing"\n[[territory]]\ncode = "49"\nreserved_dwellings = 30\n')
    done = run_emile(emile, "compare", PILOT, variant, "-r", 3, "--threads", 2, "-o", "cmp.h5", cwd=tmp_path,
                     timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "more-housing vs pilot-2019: 3 paired replication(s)" in done.stdout
    assert "moved_households" in done.stdout and "95 % CI" in done.stdout
    with h5py.File(tmp_path / "cmp.h5") as f:
        assert f.attrs["analysis"] == "compare"
        rows = table(f["comparison"])
        outcomes = list(rows["outcome"])
        moved = outcomes.index("moved_households")
        assert rows["ci_low"][moved] <= rows["difference"][moved] <= rows["ci_high"][moved]
        assert rows["variant_mean"][moved] - rows["base_mean"][moved] == pytest.approx(rows["difference"][moved])
        assert f["paired_differences/moved_households"].shape == (3,)
        assert "reserved_dwellings = 30" in f["variant_scenario"][()].decode()


def test_compare_by_territory_sums_to_the_programme_in_every_period(emile, tmp_path):
    variant = tmp_path / "variant.toml"
    variant.write_text(f'base = "{PILOT}"\n[run]\nname = "more-housing"\n[[territory]]\ncode = "76"\nreserved_dwellings = 30\n')
    done = run_emile(emile, "compare", PILOT, variant, "-r", 4, "--by", "quarter", "-o", "cmp.h5", cwd=tmp_path,
                     timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "moved_households by territory, run (2019-06-14 to 2020-06-30)" in done.stdout
    assert "moved_households by territory, 2020-Q1 (2020-01-01 to 2020-03-31)" in done.stdout
    with h5py.File(tmp_path / "cmp.h5") as f:
        assert f.attrs["schema_version"] == 12 and f.attrs["end_date"] == "2020-06-30"
        rows = pd.DataFrame(table(f["comparison_by_territory"]))
    periods = list(dict.fromkeys(rows["period"]))
    assert periods == ["run", "2019-Q2", "2019-Q3", "2019-Q4", "2020-Q1", "2020-Q2"]
    for (period, outcome), group in rows.groupby(["period", "outcome"]):
        programme = group[group["territory"] == "all"].iloc[0]
        territories = group[group["territory"] != "all"]
        for column in ("base_mean", "variant_mean", "difference"):
            assert territories[column].sum() == pytest.approx(programme[column], abs=1e-9), (period, outcome, column)
    # The quarters partition the run.
    moved = rows[rows["outcome"] == "moved_households"]
    by_quarter = moved[moved["period"] != "run"].groupby("territory")["difference"].sum()
    whole = moved[moved["period"] == "run"].set_index("territory")["difference"]
    assert by_quarter.reindex(whole.index).to_numpy() == pytest.approx(whole.to_numpy())
    # Ratios and percents agree, and a ratio needs something on both sides.
    with_both = rows[(rows["base_mean"] > 0) & (rows["variant_mean"] > 0)]
    assert (with_both["ratio_low"] > 0).all()
    assert with_both["percent"].to_numpy() == pytest.approx(100 * (with_both["ratio"].to_numpy() - 1))
    assert rows[rows["base_mean"] == 0]["ratio"].isna().all()

    done = run_emile(emile, "info", "cmp.h5", "--period", "2020-Q1", "--flow", "settled_households", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "settled_households by territory, 2020-Q1" in done.stdout
    done = run_emile(emile, "info", "cmp.h5", "--by", "month", cwd=tmp_path)
    assert done.returncode == 2
    assert "holds no comparison over run" not in done.stderr and "compare again with --period and --by" in done.stderr


@pytest.mark.parametrize("arguments, message", [
    (["--period", "2030"], "--period: the period 2030 holds no step of the run (2019-06-14 to 2020-06-30"),
    (["--period", "last year"], 'expected FROM:TO (two days, YYYY-MM-DD:YYYY-MM-DD) or a calendar period'),
    (["--by", "week"], "--by: week not in {year,quarter,month}"),
    (["--flow", "moved"], '--flow "moved": not a flow; the flows are referred_households, '),
])
def test_bad_periods_are_refused_before_any_work(emile, tmp_path, arguments, message):
    done = run_emile(emile, "compare", PILOT, PILOT, "-r", 1, *arguments, cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_run_and_info_print_a_flow_by_year_with_its_range(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-r", 3, "--by", "year", "-o", "pilot.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "moved_households by territory: mean over 3 replication(s), and the 5–95 % range of the totals" in done.stdout
    blocks = done.stdout.split("moved_households by territory:")[1]
    assert "\n2019 (2019-06-14 to 2019-12-31)" in blocks and "\n2020 (2020-01-01 to 2020-06-30)" in blocks
    with h5py.File(tmp_path / "pilot.h5") as f:
        moved = f["timeseries/moved_households"][()]
        dates = [d.decode() for d in f["timeseries/dates"][()]]
    # A step counts in the year of its first day: the one recorded on 2020-01-02 began on 2019-12-27.
    first_2020 = next(i for i, d in enumerate(dates) if d >= "2020-01-07")
    in_2019 = moved[:, :first_2020, :].sum(axis=(1, 2)).mean()
    block_2019 = blocks.split("\n2019 (")[1].split("\n2020 (")[0]
    line = next(l for l in block_2019.splitlines() if l.strip().startswith("all"))
    assert float(line.split()[2]) == pytest.approx(in_2019, abs=0.05)

    done = run_emile(emile, "run", PILOT, "-r", 2, "--record", "summary", "-o", "s.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    done = run_emile(emile, "info", "s.h5", "--period", "2020", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "record `series` for the ranges" in done.stdout


def test_compare_of_a_scenario_with_itself_finds_no_difference(emile, tmp_path):
    done = run_emile(emile, "compare", PILOT, PILOT, "-r", 2, "-o", "same.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    with h5py.File(tmp_path / "same.h5") as f:
        assert (f["comparison/difference"][()] == 0).all()


def test_sweep_runs_the_grid_and_writes_one_row_per_point(emile, tmp_path):
    done = run_emile(emile, "sweep", PILOT, "--vary", "origin.caseworkers=2,20", "--vary",
                     'matching.mechanism="greedy","optimal"', "-r", 2, "-o", "sweep.h5", cwd=tmp_path,
                     timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "4 grid point(s)" in done.stdout
    with h5py.File(tmp_path / "sweep.h5") as f:
        assert f.attrs["analysis"] == "sweep"
        points = table(f["sweep/points"])
        assert list(points["origin.caseworkers"]) == ["2", "2", "20", "20"]
        assert list(points["matching.mechanism"]) == ['"greedy"', '"optimal"'] * 2
        assert f["sweep/summary/point"].shape == (8,)
        means = table(f["sweep/means"])
        assert means["enrolled_households"][0] < means["enrolled_households"][2]  # 2 caseworkers bind enrolment
        spread = pd.DataFrame(table(f["sweep/quantiles"]))
        summary = pd.DataFrame(table(f["sweep/summary"]))
    assert len(spread) == 4 * (len(summary.columns) - 2)
    enrolled = spread[spread["outcome"] == "enrolled_households"].set_index("point")
    assert (enrolled["q05"] <= enrolled["q50"]).all() and (enrolled["q50"] <= enrolled["q95"]).all()
    assert list(enrolled["mean"]) == list(means["enrolled_households"])
    for point, rows in summary.groupby("point"):
        assert enrolled.loc[point, "q95"] == pytest.approx(np.quantile(rows["enrolled_households"], 0.95))


@pytest.mark.parametrize("arguments, message", [
    (["--vary", "origin.caseworkers"], "--vary origin.caseworkers: expected KEY=V1,V2"),
    (["--vary", "origin.casewrokers=1,2"], "origin.casewrokers"),
    (["--vary", "origin.caseworkers=-1,2"], "emile: --vary origin.caseworkers=-1: origin.caseworkers = -1: must be in [0, 1000000]"),
    (["--vary", "origin.caseworkers=1,2", "--vary", "origin.caseworkers=3,4"],
     "emile: --vary origin.caseworkers: origin.caseworkers: varied twice; give all its values in one --vary"),
    # Lozère (code 48) is the pilot's fourth territory: one parameter under two spellings
    (["--vary", "territory[3].caseworkers=1,2", "--vary", "territory.48.caseworkers=3,4"],
     "emile: --vary territory.48.caseworkers: territory.48.caseworkers: the same parameter as --vary "
     "territory[3].caseworkers; vary it once"),
    (["--vary", "territory.0.caseworkers=1,2"], "no [[territory]] has code \"0\" (to address one by its 0-based "
                                                "position, write territory[0])"),
])
def test_sweep_refuses_a_bad_grid_before_running(emile, tmp_path, arguments, message):
    done = run_emile(emile, "sweep", PILOT, *arguments, "-r", 1, "-o", "sweep.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 2
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_to_an_unwritable_output_fails_before_running(emile, tmp_path):
    done = run_emile(emile, "compare", PILOT, PILOT, "-r", 1, "-o", tmp_path / "missing" / "c.h5", cwd=tmp_path,
                     timeout=COMMAND_TIMEOUT)
    assert done.returncode == 1
    assert "missing" in done.stderr


def test_set_from_changes_a_parameter_from_its_date_on(emile, tmp_path):
    done = run_emile(emile, "run", PILOT, "-r", 2, "--seed", 3, "-o", "base.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    done = run_emile(emile, "run", PILOT, "-r", 2, "--seed", 3, "--set-from", "2020-01-01:origin.caseworkers=1",
                     "-o", "changed.h5", cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    with h5py.File(tmp_path / "base.h5") as base, h5py.File(tmp_path / "changed.h5") as changed:
        dates = [d.decode() for d in base["timeseries/dates"][()]]
        first = next(i for i, d in enumerate(dates) if d >= "2020-01-01")  # the step holding 1 January 2020
        before, after = base["timeseries/caseworkers"][()], changed["timeseries/caseworkers"][()]
        assert (before[:, :first, 0] == after[:, :first, 0]).all()  # identical before the date
        assert (after[:, first:, 0] == 1).all() and (before[:, first:, 0] > 1).all()
        assert (base["timeseries/enrolled_households"][:, :first] == changed["timeseries/enrolled_households"][:, :first]).all()


@pytest.mark.parametrize("change, message", [
    ("2020-01-01:run.seed=4", "emile: --set-from 2020-01-01:run.seed=4: run.seed = 4: cannot change during a run"),
    ("2020-01-01:origin.caseworkers=forty", "expected a number, or true or false"),
    ("2022-01-01:origin.caseworkers=4", "outside the run (2019-06-14 to 2020-06-30)"),
    ("origin.caseworkers=4", "expected DATE:KEY=VALUE, such as 2021-01-01:origin.caseworkers=40"),
    ("2020-01-01:origin.casewrokers=4", "origin.casewrokers"),
])
def test_set_from_refuses_what_cannot_change_during_a_run(emile, tmp_path, change, message):
    done = run_emile(emile, "run", PILOT, "-r", 1, "--set-from", change, "-o", "x.h5", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "x.h5").exists()


def test_variant_options_change_the_variant_side_alone(emile, tmp_path):
    # --set changes both sides: no difference.
    done = run_emile(emile, "compare", PILOT, PILOT, "-r", 2, "--set", "origin.caseworkers=2", "-o", "both.h5",
                     cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    with h5py.File(tmp_path / "both.h5") as f:
        assert (f["comparison/difference"][()][~np.isnan(f["comparison/difference"][()])] == 0).all()
    # --variant-set and --variant-set-from change the variant alone, with no variant file.
    done = run_emile(emile, "compare", PILOT, "-r", 2, "--variant-set", "origin.caseworkers=2",
                     "--variant-set-from", "2020-01-01:territory.76.reserved_dwellings=30", "-o", "variant.h5",
                     cwd=tmp_path, timeout=COMMAND_TIMEOUT)
    assert done.returncode == 0, done.stderr
    name = "pilot-2019 with origin.caseworkers=2, territory.76.reserved_dwellings=30 from 2020-01-01"
    assert f"{name} vs pilot-2019: 2 paired replication(s)" in done.stdout
    with h5py.File(tmp_path / "variant.h5") as f:
        rows = pd.DataFrame(table(f["comparison"])).set_index("outcome")
        assert rows.loc["enrolled_households", "difference"] < 0
        variant = tomllib.loads(f["variant_scenario"][()].decode())
        base = tomllib.loads(f["base_scenario"][()].decode())
    assert variant["origin"][0]["caseworkers"] == 2 and base["origin"][0]["caseworkers"] != 2
    added = [e for e in variant["event"] if e["key"] == "territory.76.reserved_dwellings"]
    assert len(added) == 1 and str(added[0]["date"]) == "2020-01-01" and added[0]["value"] == 30
    assert len(variant["event"]) == len(base["event"]) + 1
    done = run_emile(emile, "compare", PILOT, "-r", 2, cwd=tmp_path)
    assert done.returncode == 2
    assert "compare needs a VARIANT file, or the changes that make the variant from the base" in done.stderr
