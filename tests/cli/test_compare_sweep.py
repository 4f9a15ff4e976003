"""`emile compare` and `emile sweep` on the shipped scenarios: exit codes, printed tables and HDF5 output."""
import h5py
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
