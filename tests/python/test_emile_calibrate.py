"""emile.calibrate and emile.check against `emile calibrate` and `emile check` (docs/calibration.md)."""

import subprocess

import h5py
import numpy as np
import pytest

from package_helpers import PILOT, SOURCE_DIR, import_emile

emile = import_emile()

TARGETS = SOURCE_DIR / "scenarios" / "targets" / "pilot-2019.toml"
KEYS = ["origin.initial_referred", "origin.referrals_per_year", "pathway.diagnosis_min_weeks",
        "after_move.return_per_year"]


@pytest.fixture(scope="module")
def calibration():
    return emile.calibrate(PILOT, TARGETS, particles=40, generations=2, seed=3, progress=False)


def test_calibrate_returns_the_posterior_generations_and_fit(calibration):
    posterior = calibration.posterior()
    assert list(posterior.columns[:3]) == ["proposal", "weight", "distance"]
    assert list(posterior.columns[3:7]) == KEYS
    assert [c for c in posterior.columns if c.startswith("fit:")] == [
        "fit:enrolled-households-late-july-2019", "fit:enrolled-persons-late-july-2019", "fit:first-immersion",
        "fit:first-immersion-cantal"]
    assert len(posterior) == 40
    assert posterior["weight"].sum() == pytest.approx(1.0)
    generations = calibration.generations()
    assert list(generations.index) == [0, 1]
    assert np.isinf(generations.loc[0, "tolerance"])
    assert generations.loc[1, "tolerance"] == pytest.approx(np.median(calibration.particles().query("generation == 0")["distance"]))
    parameters = calibration.parameters()
    assert list(parameters.index) == KEYS
    assert (parameters["q05"] <= parameters["q95"]).all()
    assert parameters.loc["origin.initial_referred", "integer"] == 1
    targets = calibration.targets()
    assert targets.loc["enrolled-households-late-july-2019", "observed"] == 60
    assert targets.loc["first-immersion", "date"] == "2019-07-25"
    assert not calibration.stopped_on_acceptance


def test_the_file_is_the_one_the_command_writes(calibration, emile_binary, tmp_path):
    done = subprocess.run([str(emile_binary), "calibrate", str(PILOT), "--targets", str(TARGETS), "--particles", "40",
                           "--generations", "2", "--seed", "3", "-q", "-o", str(tmp_path / "cli.h5")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    opened = emile.open(tmp_path / "cli.h5")
    assert isinstance(opened, emile.CalibrationFile)
    with h5py.File(tmp_path / "cli.h5", "r") as a, h5py.File(calibration.path, "r") as b:
        for name in a["calibration/particles"].attrs["columns"].split(","):
            assert np.array_equal(a["calibration/particles"][name][()], b["calibration/particles"][name][()]), name


def test_check_gives_each_target_its_interval_with_or_without_the_posterior(calibration):
    own = emile.check(PILOT, TARGETS, replications=20, progress=False)
    assert list(own.index) == ["enrolled-households-late-july-2019", "enrolled-persons-late-july-2019",
                               "first-immersion", "first-immersion-cantal"]
    assert list(own.columns) == ["statistic", "observed", "low", "median", "high", "shown", "inside"]
    assert (own["low"] <= own["median"]).all() and (own["median"] <= own["high"]).all()
    assert own.loc["first-immersion", "observed"] == 41  # days from 14 June to 25 July
    assert (own["inside"] == ((own["low"] <= own["observed"]) & (own["observed"] <= own["high"]))).all()
    drawn = calibration.check(replications=20, progress=False)
    assert list(drawn.index) == list(own.index)
    assert not drawn["median"].equals(own["median"]) or not drawn["low"].equals(own["low"])


def test_bad_targets_raise_scenario_error_naming_the_line(tmp_path):
    (tmp_path / "t.toml").write_text('[[target]]\nname = "x"\nflow = "enrolled"\ndate = 2019-07-26\nvalue = 7000\n'
                                     'tolerance = 5\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(emile.ScenarioError, match=r"t.toml:5:9: target\[0\].value = 7000: above what the eligible pool"):
        emile.check(PILOT, tmp_path / "t.toml", progress=False)
    with pytest.raises(emile.ScenarioError, match="above what the eligible pool"):
        emile.calibrate(PILOT, tmp_path / "t.toml", particles=10, generations=1, progress=False)


def test_run_and_the_analyses_draw_from_a_posterior(calibration, tmp_path):
    results = emile.run(PILOT, replications=4, posterior=calibration.path, output=tmp_path / "drawn.h5", progress=False)
    assert results.attrs["posterior"] == str(calibration.path)
    with h5py.File(tmp_path / "drawn.h5", "r") as f:
        assert f["ensemble"].attrs["parameter_uncertainty"] == 1
    plain = emile.run(PILOT, replications=4, output=tmp_path / "plain.h5", progress=False)
    assert plain.attrs["posterior"] == ""
    assert not results.summary()["referred_households"].equals(plain.summary()["referred_households"])
    compared = emile.compare(PILOT, PILOT, replications=2, posterior=calibration.path, progress=False)
    assert (compared.comparison["difference"] == 0).all()  # the same draws on both sides
    with pytest.raises(emile.ScenarioError, match="which the posterior draws"):
        emile.sweep(PILOT, vary={"origin.referrals_per_year": [100, 200]}, replications=1, posterior=calibration.path,
                    progress=False)


def test_sobol_indices_over_the_priors_and_over_a_posterior(calibration, tmp_path):
    indices = emile.sensitivity(PILOT, method="sobol", samples=4, bootstrap=20, replications=1, progress=False)
    assert list(indices.columns) == ["parameter", "outcome", "first", "first_low", "first_high", "total", "total_low",
                                     "total_high"]
    assert sorted(set(indices["parameter"])) == sorted(KEYS)
    assert (indices["total_low"] <= indices["total_high"]).all()
    drawn = emile.sensitivity(PILOT, method="sobol", samples=4, bootstrap=20, replications=1,
                              posterior=calibration.path, progress=False)
    assert sorted(set(drawn["parameter"])) == sorted(KEYS)
    with pytest.raises(ValueError, match="morris"):
        emile.sensitivity(PILOT, method="fast", progress=False)


def test_a_sobol_file_opens_with_its_tables(emile_binary, tmp_path):
    done = subprocess.run([str(emile_binary), "sensitivity", str(PILOT), "--method", "sobol", "--samples", "3", "-r", "1",
                           "-q", "-o", str(tmp_path / "sobol.h5")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    opened = emile.open(tmp_path / "sobol.h5")
    assert isinstance(opened, emile.SobolFile)
    assert len(opened.design) == 3 * (len(KEYS) + 2)
    assert set(opened.indices["parameter"]) == set(KEYS)
