"""Plots of results and analysis files (python/emile/_plots.py), drawn with matplotlib's Agg backend: what each draws
— lines, bands, rows, labels — checked against the tables it draws from.

The package and the `emile` command (for analysis files) are found by package_helpers.py.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from package_helpers import PILOT, find_binary, import_emile

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

emile = import_emile()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """The pilot, seed 3, three replications, each replication's series recorded."""
    path = tmp_path_factory.mktemp("plots") / "series.h5"
    return emile.run(PILOT, seed=3, replications=3, record="series", output=path, progress=False)


@pytest.fixture(scope="module")
def summary_only(tmp_path_factory):
    """The same run at record level `summary`: bands per territory, no per-replication series."""
    path = tmp_path_factory.mktemp("plots") / "summary.h5"
    return emile.run(PILOT, seed=3, replications=3, record="summary", output=path, progress=False)


@pytest.fixture(scope="module")
def analysis_files(tmp_path_factory):
    """Files of `emile compare` (fewer caseworkers), `capacity`, `sensitivity` (Morris, two levers) and Sobol'."""
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.skip("no emile binary: set EMILE_BIN")
    folder = tmp_path_factory.mktemp("analyses")
    pilot = json.dumps(str(PILOT.resolve()))
    (folder / "fewer.toml").write_text(f'base = {pilot}\n\n[run]\nname = "fewer-caseworkers"\n\n'
                                       "[origin]\ncaseworkers = 5\n")
    (folder / "levers.toml").write_text(
        f"base = {pilot}\n\n"
        '[[lever]]\nkey = "origin.caseworkers"\nmin = 1\nmax = 20\n\n'
        '[[lever]]\nkey = "after_move.return_factor_no_car"\nmin = 1\nmax = 3\n')
    commands = {
        "compare": ["compare", PILOT, folder / "fewer.toml", "-r", 3],
        "capacity": ["capacity", PILOT, "-r", 2, "--warmup-weeks", 4, "--window-weeks", 8],
        "morris": ["sensitivity", folder / "levers.toml", "-r", 1, "--trajectories", 2],
        "sobol": ["sensitivity", PILOT, "--method", "sobol", "--samples", 4, "--bootstrap", 10, "-r", 1],
    }
    files = {}
    for name, arguments in commands.items():
        files[name] = folder / f"{name}.h5"
        done = subprocess.run([str(binary), *map(str, arguments), "--seed", "2", "-q", "-o", str(files[name])],
                              cwd=folder, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    return {name: emile.open(path) for name, path in files.items()}


def tick_labels(ax):
    return [label.get_text() for label in ax.get_yticklabels()]


# ---- The package ---------------------------------------------------------------------------------------------

def test_importing_emile_does_not_import_matplotlib():
    path = [p for p in sys.path if p]
    script = f"import sys\nsys.path[:0] = {path!r}\nimport emile\nprint('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# ---- Results.plot and Results.band -------------------------------------------------------------------------------

def test_a_metric_per_territory_is_one_named_line_and_band_per_territory_that_has_it(series):
    moved = series.array("moved_households")
    expected = [name for row, name in enumerate(series.territory_names) if moved[:, :, row].any()]
    assert len(expected) >= 2 and "Île-de-France" not in expected  # moves are the hosts'
    ax = series.plot("moved_households")
    assert [line.get_label() for line in ax.lines] == expected
    assert len(ax.collections) == len(expected)
    assert all(isinstance(band, PolyCollection) for band in ax.collections)
    # Lines are the means over replications; bands run from the stored 5 % to the stored 95 % quantile.
    ensemble = series.ensemble("moved_households")
    first = ensemble[ensemble["territory_name"] == expected[0]]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), first["mean"])
    heights = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert heights.min() == pytest.approx(first["q05"].min()) and heights.max() == pytest.approx(first["q95"].max())
    assert ax.get_ylabel() == "households per 7-day step"
    assert ax.get_title().startswith("moved_households, per territory\n14 Jun 2019 – 2 Jul 2020")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == expected

    enrolled = series.plot("enrolled_households", bands=False)  # attributed to the origin before a proposal
    assert [line.get_label() for line in enrolled.lines] == ["Île-de-France"] and not enrolled.collections


def test_the_x_axis_is_in_dates_spanning_the_run(series):
    ax = series.plot("in_enrolled_households")
    ax.figure.canvas.draw()
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    first, last = series.dates[0].to_pydatetime(), series.dates[-1].to_pydatetime()
    assert ax.get_xlim() == pytest.approx((mdates.date2num(first), mdates.date2num(last)))
    low, high = ax.get_xlim()
    ticks = [tick for tick in ax.get_xticks() if low <= tick <= high]
    assert len(ticks) >= 3
    for tick in mdates.num2date(ticks):
        assert first <= tick.replace(tzinfo=None) <= last
    labels = [label.get_text() for label in ax.get_xticklabels() if label.get_text()]
    assert "2020" in labels and "Jan" not in labels  # ConciseDateFormatter: months, and the year at its start
    assert ax.get_ylabel() == "households at the end of each step"


def test_the_programme_band_is_made_of_the_replications_sums(series):
    moved = series.array("moved_households")
    summed = moved.sum(axis=2)
    band = series.band("moved_households")
    assert list(band.columns) == ["mean", "q05", "q50", "q95"]
    assert band.index.equals(series.dates)
    np.testing.assert_allclose(band["mean"], summed.mean(axis=0))
    np.testing.assert_allclose(band["q05"], np.quantile(summed, 0.05, axis=0))
    assert (band["q05"] <= band["q50"]).all() and (band["q50"] <= band["q95"]).all()

    running = series.band("moved_households", cumulative=True, quantiles=(0.1, 0.9))
    assert list(running.columns) == ["mean", "q10", "q90"]
    np.testing.assert_allclose(running["mean"], summed.cumsum(axis=1).mean(axis=0))
    np.testing.assert_allclose(running["q90"], np.quantile(summed.cumsum(axis=1), 0.9, axis=0))
    assert running["mean"].is_monotonic_increasing

    two = series.band("moved_households", territories=["15", "25"])
    np.testing.assert_allclose(two["mean"], moved[:, :, [1, 2]].sum(axis=2).mean(axis=0))
    with pytest.raises(KeyError, match=r"no territory 99; territories: IDF \(Île-de-France\), 15 \(Cantal\)"):
        series.band("moved_households", territories=["99"])


def test_a_programme_wide_plot_draws_the_band(series):
    running = series.band("moved_households", cumulative=True)
    ax = series.plot("moved_households", by="programme", cumulative=True)
    assert [line.get_label() for line in ax.lines] == ["all territories"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), running["mean"])
    (band,) = ax.collections
    heights = band.get_paths()[0].vertices[:, 1]
    assert heights.min() == pytest.approx(running["q05"].min()) and heights.max() == pytest.approx(running["q95"].max())
    assert ax.get_ylabel() == "cumulative households"
    assert ax.get_title().startswith("moved_households, cumulative, all territories")

    fig, own = plt.subplots()
    assert series.plot("moved_persons", by=None, territories=["15", "25"], ax=own) is own
    assert [line.get_label() for line in own.lines] == ["Cantal + Doubs"]
    assert own.get_ylabel() == "persons per 7-day step"
    with pytest.raises(ValueError, match="by must be"):
        series.plot("moved_households", by="cohort")


def test_cumulative_bands_per_territory_are_the_quantiles_of_running_totals(series):
    ax = series.plot("moved_households", territories=["IDF", "49"], cumulative=True)
    assert [line.get_label() for line in ax.lines] == ["Île-de-France", "Maine-et-Loire"]  # as asked, zeros included
    running = series.array("moved_households")[:, :, 5].cumsum(axis=1)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), running.mean(axis=0))
    heights = ax.collections[1].get_paths()[0].vertices[:, 1]
    assert heights.max() == pytest.approx(np.quantile(running, 0.95, axis=0).max())


def test_a_summary_file_draws_bands_per_territory_and_refuses_sums_it_cannot_band(summary_only, series):
    ax = summary_only.plot("moved_households")
    assert len(ax.lines) == len(ax.collections) == len(series.plot("moved_households").lines)
    with pytest.raises(KeyError, match="record level 'summary'.*bands=False"):
        summary_only.plot("moved_households", by="programme")
    with pytest.raises(KeyError, match="record level 'summary'.*running totals"):
        summary_only.plot("moved_households", cumulative=True)
    with pytest.raises(KeyError, match="recorded from 'series' on"):
        summary_only.band("moved_households")
    mean_only = summary_only.plot("moved_households", by="programme", cumulative=True, bands=False)
    assert not mean_only.collections
    np.testing.assert_allclose(mean_only.lines[0].get_ydata(),
                               series.band("moved_households", cumulative=True)["mean"])


# ---- Analysis files ------------------------------------------------------------------------------------------

def test_a_comparison_draws_every_defined_difference_with_its_interval(analysis_files):
    comparison = analysis_files["compare"]
    table = comparison.comparison
    defined = table[table["difference"].notna()]
    figure = comparison.plot()
    units = {"households": ("_households",), "persons": ("_persons",), "share": ("_share", "_share_of_moved"),
             "euros": ("_eur",)}
    assert [ax.get_xlabel() for ax in figure.axes] == [f"variant − base ({unit})" for unit in units]
    for ax, suffixes in zip(figure.axes, units.values()):  # one panel per unit, in the table's order
        assert tick_labels(ax) == [outcome for outcome in defined.index if outcome.endswith(suffixes)]
        assert any(list(line.get_xdata()) == [0, 0] for line in ax.lines)  # the zero line
    assert sum(len(tick_labels(ax)) for ax in figure.axes) == len(defined)
    assert any("variant (fewer-caseworkers) − base (pilot-2019)" in text.get_text() for text in figure.texts)

    ax = comparison.plot(outcomes=["moved_households", "enrolled_households"])
    assert tick_labels(ax) == ["moved_households", "enrolled_households"]
    points = ax.lines[0].get_xdata()
    np.testing.assert_allclose(points, table.loc[["moved_households", "enrolled_households"], "difference"])
    with pytest.raises(ValueError, match="2 units"):
        comparison.plot(outcomes=["moved_households", "moved_persons"], ax=plt.subplots()[1])
    with pytest.raises(KeyError, match="no outcome moved"):
        comparison.plot(outcomes=["moved"])


def test_a_comparison_by_territory_draws_the_programme_and_each_territory_with_a_flow(analysis_files):
    comparison = analysis_files["compare"]
    rows = comparison.by_territory
    moved = rows[(rows["period"] == "run") & (rows["outcome"] == "moved_households")]
    shown = moved[(moved["base_mean"] != 0) | (moved["variant_mean"] != 0) | (moved["territory"] == "all")]
    ax = comparison.plot(by="territory")
    assert tick_labels(ax) == list(shown["name"])
    np.testing.assert_allclose(ax.lines[0].get_xdata(), shown["difference"])
    assert ax.get_title().startswith("moved_households by territory, run (")
    both = comparison.plot(outcomes=["moved_households", "settled_households"], by="territory")
    assert "settled_households · programme" in tick_labels(both)
    territories = shown[shown["territory"] != "all"]
    assert territories["difference"].sum() == pytest.approx(shown[shown["territory"] == "all"]["difference"].iloc[0])
    with pytest.raises(KeyError, match="no period '2031'"):
        comparison.plot(by="territory", period="2031")
    with pytest.raises(KeyError, match="no flow moved"):
        comparison.plot(outcomes=["moved"], by="territory")


def test_capacity_draws_relocations_and_gains_with_territory_names(analysis_files, pilot_capacity):
    opened = analysis_files["capacity"]
    for figure, tables in ((opened.plot(), opened.as_dict()), (pilot_capacity.plot(), pilot_capacity)):
        relocations_ax, resources_ax = figure.axes
        relocations, resources = tables["relocations"], tables["resources"]
        assert tick_labels(relocations_ax) == list(relocations["name"])
        np.testing.assert_allclose(relocations_ax.lines[0].get_xdata(), relocations["per_year"])
        assert tick_labels(resources_ax)[0] == "origin caseworker, Île-de-France (+1 caseworker)"
        assert len(tick_labels(resources_ax)) == len(resources)
        assert "households/year" in resources_ax.get_xlabel()


@pytest.fixture(scope="module")
def pilot_capacity():
    return emile.capacity(PILOT, replications=2, warmup_weeks=4, window_weeks=8, seed=2, progress=False)


def test_capacity_resources_carry_territory_names(pilot_capacity):
    assert isinstance(pilot_capacity, dict) and isinstance(pilot_capacity, emile.Capacity)
    resources = pilot_capacity["resources"]
    assert list(resources.columns[:3]) == ["resource", "territory", "territory_name"]
    names = dict(zip(resources["territory"], resources["territory_name"]))
    assert names["IDF"] == "Île-de-France" and names["15"] == "Cantal" and names["all"] == "programme"
    assert resources["territory_name"].notna().all()


def test_morris_screening_draws_each_lever_at_mu_star_and_sigma(analysis_files):
    sensitivity = analysis_files["morris"]
    effects = sensitivity.effects
    rows = effects[effects["outcome"] == "moved_households"]
    ax = sensitivity.plot("moved_households")
    assert sorted(text.get_text() for text in ax.texts) == sorted(rows["lever"])
    np.testing.assert_allclose(ax.lines[0].get_xdata(), rows["mu_star"])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), rows["sigma"])
    assert "households" in ax.get_xlabel() and "households" in ax.get_ylabel()
    with pytest.raises(KeyError, match="no outcome moved; outcomes: enrolled_households"):
        sensitivity.plot("moved")


def test_sobol_indices_are_bars_with_intervals(analysis_files):
    sobol = analysis_files["sobol"]
    indices = sobol.indices
    rows = indices[indices["outcome"] == "moved_households"]
    ax = sobol.plot("moved_households")
    assert tick_labels(ax) == list(rows["parameter"])
    widths = [bar.get_width() for bar in ax.patches]
    np.testing.assert_allclose(widths, list(rows["first"]) + list(rows["total"]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first order", "total"]
    assert ax.get_xlabel() == "share of the outcome's variance"
