"""`emile calibrate` and `emile check` on the pilot and its public record (scenarios/targets/pilot-2019.toml)."""
import h5py
import numpy as np
import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, PILOT, SOURCE_DIR, files_in, pilot_text, run_emile, table

TARGETS = SOURCE_DIR / "scenarios" / "targets" / "pilot-2019.toml"
EXIT_LOW_ACCEPTANCE = 3
SMALL = ["--particles", "40", "--generations", "2"]


def particles(path):
    with h5py.File(path, "r") as f:
        return table(f["calibration/particles"])


def calibrate(emile, folder, name, *options):
    done = run_emile(emile, "calibrate", PILOT, "--targets", TARGETS, *SMALL, "-o", name, *options, cwd=folder)
    assert done.returncode == EXIT_OK, done.stderr
    return folder / name


def test_calibrate_writes_a_posterior_that_info_reads_and_prints_it(emile, tmp_path):
    done = run_emile(emile, "calibrate", PILOT, "--targets", TARGETS, *SMALL, "-o", "posterior.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    out = done.stdout
    assert "ABC-SMC over 4 uncertain parameter(s), 4 target(s) (euclidean distance), 40 particles" in out
    assert "generation 0: tolerance inf, 40 proposals, acceptance 100.0 %" in out
    assert "generation 1: tolerance" in out
    for key in ("origin.initial_referred", "origin.referrals_per_year", "pathway.diagnosis_min_weeks"):
        assert key in out
    assert "first-immersion-cantal" in out and "2019-07-25" in out
    info = run_emile(emile, "info", "posterior.h5", cwd=tmp_path)
    assert info.returncode == EXIT_OK, info.stderr
    assert "calibrate" in info.stdout and "/calibration/parameters" in info.stdout
    with h5py.File(tmp_path / "posterior.h5", "r") as f:
        assert f.attrs["analysis"] == "calibrate"
        assert f.attrs["stopped_after"] == "2019-08-15"
        generations = table(f["calibration/generations"])
        assert list(generations["generation"]) == [0, 1]
        assert f["targets"][()].decode().count("[[target]]") == 4
    rows = particles(tmp_path / "posterior.h5")
    assert len(rows["weight"]) == 80
    assert np.all(rows["origin.initial_referred"] == np.round(rows["origin.initial_referred"]))


def test_the_posterior_is_the_same_at_one_and_two_threads_and_moves_with_the_seed(emile, tmp_path):
    one = particles(calibrate(emile, tmp_path, "one.h5", "--threads", "1"))
    two = particles(calibrate(emile, tmp_path, "two.h5", "--threads", "2"))
    other = particles(calibrate(emile, tmp_path, "other.h5", "--seed", "2"))
    for column in one:
        assert np.array_equal(one[column], two[column]), column
    assert not np.array_equal(one["origin.referrals_per_year"], other["origin.referrals_per_year"])


def test_a_generation_below_the_minimum_acceptance_exits_3_with_the_generations_kept(emile, tmp_path):
    done = run_emile(emile, "calibrate", PILOT, "--targets", TARGETS, *SMALL, "--min-acceptance", "1", "-o", "low.h5",
                     cwd=tmp_path)
    assert done.returncode == EXIT_LOW_ACCEPTANCE, done.stderr
    assert "accepted less than 1 of its proposals" in done.stderr
    with h5py.File(tmp_path / "low.h5", "r") as f:
        assert f.attrs["stopped_on_acceptance"] == 1
        assert list(table(f["calibration/generations"])["generation"]) == [0]


@pytest.mark.parametrize("targets, message", [
    ('[[target]]\nname = "x"\nflow = "enrolled"\ndate = 2019-07-26\nvalue = 7000\ntolerance = 5\nsource = "s"\n',
     "targets.toml:5:9: target[0].value = 7000: above what the eligible pool could give (6000 households at most)"),
    ('[[target]]\nname = "x"\nflow = "arrived"\ndate = 2019-07-26\nvalue = 7\ntolerance = 5\nsource = "s"\n',
     'targets.toml:3:8: target[0].flow = "arrived": must be one of referred'),
    ('[[target]]\nname = "x"\nflow = "moved"\ndate = 2030-07-26\nvalue = 7\ntolerance = 5\nsource = "s"\n',
     "target[0].date = 2030-07-26: outside the run (2019-06-14 to 2020-06-30)"),
    ('[[target]]\nname = "x"\nstatistic = "share"\nflow = "moved"\nof = "enrolled"\ndate = 2019-12-01\nvalue = 2\n'
     'tolerance = 0.1\nsource = "s"\n', "target[0].value = 2: a share lies in [0, 1]"),
])
def test_impossible_targets_exit_2_naming_file_line_and_key_before_anything_is_written(emile, tmp_path, targets, message):
    (tmp_path / "targets.toml").write_text(targets, encoding="utf-8")
    for command in (["calibrate", PILOT, "--targets", "targets.toml", "-o", "out.h5"],
                    ["check", PILOT, "--targets", "targets.toml"]):
        done = run_emile(emile, *command, cwd=tmp_path)
        assert done.returncode == EXIT_BAD_INPUT, done.stderr
        assert message in done.stderr
    assert files_in(tmp_path) == ["targets.toml"]


def test_bad_priors_and_a_scenario_without_any_exit_2(emile, tmp_path):
    (tmp_path / "bad.toml").write_text(pilot_text() + '\n[[uncertain]]\nkey = "origin.caseworkers"\nprior = "normal"\n'
                                       'low = 1\nhigh = 40\nmean = 20\n', encoding="utf-8")
    done = run_emile(emile, "calibrate", "bad.toml", "--targets", TARGETS, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "uncertain[4].sd = 0.0: normal prior: a normal needs a finite mean and a standard deviation above 0" in done.stderr
    without = pilot_text().split("# Uncertain parameters")[0]
    (tmp_path / "none.toml").write_text(without, encoding="utf-8")
    done = run_emile(emile, "calibrate", "none.toml", "--targets", TARGETS, "-o", "out.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "no [[uncertain]] parameter declared" in done.stderr
    assert sorted(files_in(tmp_path)) == ["bad.toml", "none.toml"]


def test_check_prints_each_target_inside_or_not_and_exits_by_them(emile, tmp_path):
    done = run_emile(emile, "check", PILOT, "--targets", TARGETS, "-r", "30", cwd=tmp_path)
    assert done.returncode in (EXIT_OK, EXIT_FAILURE), done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "pilot-2019: 30 replication(s), seed 1, the scenario's own parameters"
    rows = [line for line in lines if line.strip().startswith(("enrolled-", "first-"))]
    assert len(rows) == 4
    inside = sum(row.endswith("yes") for row in rows)
    assert lines[-1] == f"{inside} of 4 targets inside their interval"
    assert done.returncode == (EXIT_OK if inside == 4 else EXIT_FAILURE)
    # A target far from anything the pilot does is outside: exit 1.
    (tmp_path / "far.toml").write_text('[[target]]\nname = "far"\nflow = "enrolled"\ndate = 2019-07-26\nvalue = 3000\n'
                                       'tolerance = 5\nsource = "s"\n', encoding="utf-8")
    done = run_emile(emile, "check", PILOT, "--targets", "far.toml", "-r", "5", cwd=tmp_path)
    assert done.returncode == EXIT_FAILURE
    assert "far" in done.stdout and done.stdout.splitlines()[-1] == "0 of 1 targets inside their interval"


def test_check_draws_from_a_posterior_and_refuses_a_file_that_holds_none(emile, tmp_path):
    posterior = calibrate(emile, tmp_path, "posterior.h5")
    done = run_emile(emile, "check", PILOT, "--targets", TARGETS, "-r", "20", "--posterior", posterior, cwd=tmp_path)
    assert done.returncode in (EXIT_OK, EXIT_FAILURE), done.stderr
    assert f"parameters drawn from the posterior {posterior}" in done.stdout
    run = run_emile(emile, "run", PILOT, "-q", "-o", "run.h5", cwd=tmp_path)
    assert run.returncode == EXIT_OK
    done = run_emile(emile, "check", PILOT, "--targets", TARGETS, "--posterior", "run.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "a `run` file, not a calibration" in done.stderr


def test_run_compare_sweep_and_capacity_draw_from_a_posterior(emile, tmp_path):
    posterior = calibrate(emile, tmp_path, "posterior.h5")
    done = run_emile(emile, "run", PILOT, "-r", "4", "--posterior", posterior, "-o", "drawn.h5", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert f"each replication drew its parameters from the posterior {posterior}" in done.stdout
    with h5py.File(tmp_path / "drawn.h5", "r") as f:
        assert f.attrs["posterior"] == str(posterior)
        assert f["ensemble"].attrs["parameter_uncertainty"] == 1
    done = run_emile(emile, "compare", PILOT, PILOT, "-r", "2", "--posterior", posterior, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert f"parameters drawn from the posterior {posterior}" in done.stdout
    done = run_emile(emile, "sweep", PILOT, "--vary", "origin.initial_referred=10,20", "-r", "1", "--posterior", posterior,
                     cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "--vary changes origin.initial_referred, which the posterior draws for every replication" in done.stderr
    done = run_emile(emile, "capacity", PILOT, "-r", "1", "--warmup-weeks", "2", "--window-weeks", "4", "--posterior",
                     posterior, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "one more unit of a drawn resource: on top of its drawn value" in done.stdout
    done = run_emile(emile, "run", PILOT, "--posterior", posterior, "--checkpoint-every", "4", "-o", "c.h5", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "saves no checkpoint" in done.stderr


def test_write_scenario_gives_a_variant_at_the_posterior_medians(emile, tmp_path):
    done = run_emile(emile, "calibrate", PILOT, "--targets", TARGETS, *SMALL, "-o", "posterior.h5", "--write-scenario",
                     "calibrated.toml", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    text = (tmp_path / "calibrated.toml").read_text(encoding="utf-8")
    assert "--posterior posterior.h5" in text
    base = next(line for line in text.splitlines() if line.startswith("base = "))
    assert (tmp_path / base.split('"')[1]).resolve() == PILOT.resolve()
    with h5py.File(tmp_path / "posterior.h5", "r") as f:
        parameters = table(f["calibration/parameters"])
    medians = dict(zip(parameters["key"], parameters["q50"]))
    assert f"initial_referred = {int(round(medians['origin.initial_referred']))}\n" in text
    valid = run_emile(emile, "validate", "calibrated.toml", cwd=tmp_path)
    assert valid.returncode == EXIT_OK, valid.stderr
    run = run_emile(emile, "run", "calibrated.toml", "-q", "-o", "run.h5", cwd=tmp_path)
    assert run.returncode == EXIT_OK, run.stderr
    with h5py.File(tmp_path / "run.h5", "r") as f:
        assert f"initial_referred = {int(round(medians['origin.initial_referred']))}" in f["scenario"][()].decode()
    done = run_emile(emile, "calibrate", PILOT, "--targets", TARGETS, "--write-scenario", "c.toml", cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "give -o too" in done.stderr
