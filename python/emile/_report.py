"""`emile report`: one self-contained HTML page (and a PDF) from any results file, in English or French.

The page is what a planner hands to a steering committee: the headline figures with their ranges, a paragraph of
conclusions drawn from them, the charts of the kind of file (each titled with the period it covers), and how the
file was made (the command that reproduces it, the resolved scenario). Everything is inline: charts are matplotlib
SVG drawn with a fixed hash salt and no date, the style is in the page, nothing is fetched — the same file gives
the same bytes apart from the report's creation time. The PDF is the page printed by headless Chromium.

    python3 -m emile report RESULTS.h5 [-o report.html] [--pdf report.pdf] [--lang fr|en]
"""

from __future__ import annotations

import argparse
import datetime
import html
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import h5py
import numpy as np
import pandas as pd

from . import _core
from ._analysis_files import (CalibrationFile, CapacityFile, ComparisonFile, SensitivityFile, SobolFile,
                              SweepFile)
from ._report_strings import LANGUAGES, text
from ._results import Results, _statistics, open as open_results

PathLike = Union[str, os.PathLike]

HEADLINE_FLOWS = ("referred", "enrolled", "moved", "settled", "returned", "withdrawn")
HEADLINE_COSTS = ("gross_per_moved", "net_per_moved", "gross_per_settled", "net_per_settled")
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
          "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]}


class Language:
    """Words, numbers and dates in one language: `t(key)` a string of the table, `number` and `day` formatted as
    the language writes them (French: 1 234,5 and 14 juin 2019)."""

    def __init__(self, code: str):
        if code not in LANGUAGES:
            raise ValueError(f"--lang {code}: expected one of {', '.join(LANGUAGES)}")
        self.code = code

    def t(self, key: str, **values: Any) -> str:
        return text(key, self.code, **values)

    def number(self, value: float, decimals: int = 0) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "–"
        written = f"{value:,.{decimals}f}"
        if self.code == "fr":
            written = written.replace(",", "\u202f").replace(".", ",")
        return written.replace("-", "−")

    def day(self, value: Union[str, datetime.date, pd.Timestamp]) -> str:
        date = pd.Timestamp(value)
        return f"{date.day} {MONTHS[self.code][date.month - 1]} {date.year}"

    def period(self, first: Any, last: Any) -> str:
        return self.t("period.value", first=self.day(first), last=self.day(last))


def svg(figure: Any) -> str:
    """The figure as inline SVG, the same bytes for the same figure (fixed hash salt, no date), then closed."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(figure)
    drawn = buffer.getvalue()
    return drawn[drawn.index("<svg"):]


class Page:
    """What the template shows: a title, a subtitle, facts (label, value), the conclusions, and sections of charts
    (SVG) and tables (HTML), in order."""

    def __init__(self, language: Language):
        self.language = language
        self.facts: List[Tuple[str, str]] = []
        self.headline: Optional[str] = None
        self.conclusions: List[str] = []
        self.sections: List[Tuple[str, str]] = []  # (kind: "chart" | "table" | "note", HTML)
        self.charts = 0

    def chart(self, title: str, figure: Any, note: str = "") -> None:
        """Adds `figure` under the caption `title` (in the page's language; the figure's own titles give way to
        it)."""
        self.charts += 1
        for ax in figure.axes:
            ax.set_title("")
        figure.suptitle("")
        caption = f"<figcaption>{html.escape(title)}</figcaption>"
        if note:
            caption += f"<p class=note>{html.escape(note)}</p>"
        self.sections.append(("chart", f"<figure class=chart>{caption}{svg(figure)}</figure>"))

    def table(self, title: str, frame: pd.DataFrame, formats: Dict[str, Callable[[Any], str]]) -> None:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        rows = []
        for _, row in frame.iterrows():
            cells = "".join(f"<td>{html.escape(formats.get(c, str)(row[c]))}</td>" for c in frame.columns)
            rows.append(f"<tr>{cells}</tr>")
        self.sections.append(("table", f"<h3>{html.escape(title)}</h3><table><thead><tr>{head}</tr></thead>"
                                       f"<tbody>{''.join(rows)}</tbody></table>"))

    def note(self, words: str) -> None:
        self.sections.append(("note", f"<p class=note>{html.escape(words)}</p>"))


# ---- run files ------------------------------------------------------------------------------------------------

Spread = Tuple[float, float, float]  # mean, 5 % and 95 % quantiles over the replications


def _spread(values: np.ndarray) -> Spread:
    statistics = _statistics(values, (0.05, 0.95))
    return float(statistics["mean"]), float(statistics["q05"]), float(statistics["q95"])


def _headline(page: Page, summary: pd.DataFrame, replications: int, parameter_uncertainty: bool) -> Dict[str, Spread]:
    """The headline block: each flow (households and persons) and each cost, mean [5 %, 95 %]; returns the values."""
    lang = page.language
    values: Dict[str, Spread] = {}
    rows = []
    for flow in HEADLINE_FLOWS:
        cells = []
        for unit in ("households", "persons"):
            column = f"{flow}_{unit}"
            values[column] = _spread(summary[column].to_numpy(dtype=float))
            mean, low, high = values[column]
            cells.append(f"<td data-key={column}><b>{lang.number(mean, 1)}</b> <span class=range>["
                         f"{lang.number(low, 1)}, {lang.number(high, 1)}]</span></td>")
        rows.append(f"<tr><th>{html.escape(lang.t('flow.' + flow))}</th>{''.join(cells)}</tr>")
    costs = []
    for cost in HEADLINE_COSTS:
        column = f"cost_{cost}_eur"
        observed = summary[column].dropna().to_numpy(dtype=float)
        values[column] = _spread(observed) if observed.size else (np.nan, np.nan, np.nan)
        mean, low, high = values[column]
        costs.append(f"<tr><th>{html.escape(lang.t('cost.' + cost))}</th>"
                     f"<td data-key={column}><b>{lang.number(mean)} €</b> "
                     f"<span class=range>[{lang.number(low)}, {lang.number(high)}]</span></td></tr>")
    note = lang.t("headline.note", replications=replications) + " " + lang.t(
        "headline.uncertainty.yes" if parameter_uncertainty else "headline.uncertainty.no")
    page.headline = (f"<table class=headline><thead><tr><th>{html.escape(lang.t('flow'))}</th>"
                     f"<th>{html.escape(lang.t('households'))}</th><th>{html.escape(lang.t('persons'))}</th>"
                     f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                     f"<table class=headline><tbody>{''.join(costs)}</tbody></table>"
                     f"<p class=note>{html.escape(note)}</p>")
    return values


def _monthly(results: Results, metric: str) -> Tuple[pd.DatetimeIndex, np.ndarray]:
    """Per month (the month of each step's first day) the totals of `metric`: (months, [replication, month, row])."""
    values = results.array(metric)  # (replications, steps, territories)
    step_days = int(results.attrs["step_days"])
    first_days = pd.to_datetime(results.dates) - pd.Timedelta(days=step_days - 1)
    months = first_days.to_period("M")
    unique = months.unique()
    totals = np.stack([values[:, months == month, :].sum(axis=1) for month in unique], axis=1)
    return unique.to_timestamp(), totals


def _run_page(page: Page, results: Results) -> None:
    import matplotlib.pyplot as plt

    lang = page.language
    dates = results.dates
    first, last = results.attrs["start_date"], results.attrs.get("end_date") or dates[-1].date().isoformat()
    period = lang.period(first, last)
    summary = results.summary()
    with h5py.File(results.path, "r") as file:
        uncertainty = bool(file["ensemble"].attrs.get("parameter_uncertainty", 0))
    values = _headline(page, summary, results.replications, uncertainty)

    # Where the moves went: each host's mean total.
    moved_by_row = results.ensemble("moved_households").groupby("territory_name", observed=True)["mean"].sum()
    moved_by_row = moved_by_row[moved_by_row > 0].sort_values(ascending=False)
    top = ", ".join(f"{name} ({lang.number(value, 1)})" for name, value in moved_by_row.head(2).items())
    moved = values["moved_households"]
    page.conclusions.append(lang.t(
        "conclusion.run", first=lang.day(first), last=lang.day(last), moved=lang.number(moved[0], 1),
        moved_low=lang.number(moved[1], 1), moved_high=lang.number(moved[2], 1),
        hosts=len(results.territory_codes) - 1, enrolled=lang.number(values["enrolled_households"][0], 1),
        settled=lang.number(values["settled_households"][0], 1),
        returned=lang.number(values["returned_households"][0], 1),
        top=top or "–", cost=lang.number(values["cost_gross_per_moved_eur"][0]) + " €",
        net=lang.number(values["cost_net_per_moved_eur"][0]) + " €"))

    # The funnel.
    figure, ax = plt.subplots(figsize=(8, 3.2))
    flows = ["referred", "enrolled", "proposed", "immersed", "committed", "matched", "moved", "settled"]
    means = [summary[f"{flow}_households"].mean() for flow in flows]
    ax.barh([lang.t("flow." + flow) for flow in flows[::-1]], means[::-1], color="#2b6cb0")
    for y, value in enumerate(means[::-1]):
        ax.text(value, y, f" {lang.number(value, 0)}", va="center", fontsize=8)
    ax.set_xlabel(lang.t("households"))
    page.chart(lang.t("chart.funnel", period=period), figure)

    # Moves per month: the programme with its band, each territory's mean.
    figure, ax = plt.subplots(figsize=(9, 3.6))
    if results.record != "summary":
        months, totals = _monthly(results, "moved_households")
        programme = totals.sum(axis=2)
        ax.fill_between(months, np.quantile(programme, 0.05, axis=0), np.quantile(programme, 0.95, axis=0),
                        color="#a0aec0", alpha=0.35, linewidth=0)
        ax.plot(months, programme.mean(axis=0), color="black", linewidth=2, label=lang.t("programme"))
        for row, name in enumerate(results.territory_names):
            if totals[:, :, row].any():
                ax.plot(months, totals[:, :, row].mean(axis=0), linewidth=1, label=name)
        ax.legend(fontsize="x-small", ncol=4)
    else:
        ax.text(0.5, 0.5, lang.t("chart.unavailable", level=results.record), transform=ax.transAxes, ha="center")
    ax.set_ylabel(lang.t("chart.monthly.y"))
    page.chart(lang.t("chart.monthly", period=period), figure)

    # Waiting times and the map need every household's events (record level full).
    figure, ax = plt.subplots(figsize=(8, 2.6))
    if results.record == "full":
        events = results.events().sort_values(["replication", "household", "step"], kind="stable")
        entered = events.groupby(["replication", "household"])["step"].shift()
        stages = ["referred", "enrolled", "proposed", "committed", "matched"]
        left = events[events["from"].isin(stages) & entered.notna()]
        weeks = ((left["step"] - entered[left.index]) * int(results.attrs["step_days"]) / 7).groupby(
            left["from"].astype(str)).mean().reindex(stages)
        ax.barh([lang.t("stage." + stage) for stage in stages[::-1]], weeks.to_numpy()[::-1], color="#805ad5")
        ax.set_xlabel(lang.t("chart.waits.x"))
    else:
        ax.text(0.5, 0.5, lang.t("chart.unavailable", level=results.record), transform=ax.transAxes, ha="center")
        ax.set_axis_off()
    page.chart(lang.t("chart.waits", period=period), figure)

    figure, ax = plt.subplots(figsize=(6, 6))
    communes = results.communes()
    if results.record == "full":
        homes = results.households()["dwelling_commune"]
        moves = homes[homes >= 0].value_counts() / results.replications
        sizes = communes["row"].map(moves).fillna(0).to_numpy()
        ax.scatter(communes["longitude"], communes["latitude"], s=2, color="#cbd5e0")
        ax.scatter(communes["longitude"], communes["latitude"], s=sizes * 30, color="#c05621", alpha=0.7)
    else:
        ax.scatter(communes["longitude"], communes["latitude"], s=2, color="#cbd5e0")
        ax.text(0.5, 0.02, lang.t("chart.unavailable", level=results.record), transform=ax.transAxes, ha="center")
    ax.set_aspect(1 / np.cos(np.radians(46.5)))
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    page.chart(lang.t("chart.map", period=period), figure, lang.t("chart.map.note"))


# ---- analysis files ----------------------------------------------------------------------------------------------

def _run_period(lang: Language, attrs: Dict[str, Any]) -> str:
    """The days the file's runs cover: its start to its end date (the start alone in files before schema 10)."""
    return lang.period(attrs["start_date"], attrs.get("end_date", attrs["start_date"]))


def _numbers(lang: Language, columns: Sequence[str], decimals: int) -> Dict[str, Callable[[Any], str]]:
    """Cell formats writing `columns` as numbers of the language with `decimals` decimals."""
    return {column: (lambda value: lang.number(value, decimals)) for column in columns}


def _compare_headline(page: Page, table: pd.DataFrame) -> None:
    """The headline block of a comparison: each flow (households) and cost, base → variant, and the paired
    difference with its 95 % interval."""
    lang = page.language
    rows = []
    for key, label in ([(f"{flow}_households", lang.t("flow." + flow)) for flow in HEADLINE_FLOWS]
                       + [(f"cost_{cost}_eur", lang.t("cost." + cost)) for cost in HEADLINE_COSTS]):
        row = table.loc[key]
        decimals = 0 if key.startswith("cost_") else 1
        unit = " €" if key.startswith("cost_") else ""
        rows.append(f"<tr><th>{html.escape(label)}</th><td>{lang.number(row['base_mean'], decimals)}{unit}</td>"
                    f"<td>{lang.number(row['variant_mean'], decimals)}{unit}</td><td data-key={key}><b>"
                    f"{lang.number(row['difference'], decimals)}{unit}</b> <span class=range>["
                    f"{lang.number(row['ci_low'], decimals)}, {lang.number(row['ci_high'], decimals)}]"
                    "</span></td></tr>")
    page.headline = (f"<table class=headline><thead><tr><th>{html.escape(lang.t('households'))}</th>"
                     f"<th>{html.escape(lang.t('base'))}</th>"
                     f"<th>{html.escape(lang.t('variant'))}</th><th>{html.escape(lang.t('difference'))}</th>"
                     f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                     f"<p class=note>{html.escape(lang.t('headline.paired'))}</p>")


def _compare_page(page: Page, comparison: ComparisonFile) -> None:
    lang = page.language
    table = comparison.comparison
    _compare_headline(page, table)
    rows = comparison.by_territory
    run = rows[rows["period"] == rows["period"].iloc[0]]
    period = lang.period(run["first_day"].iloc[0], run["last_day"].iloc[0])
    moved = table.loc["moved_households"]
    clear = moved["ci_low"] > 0 or moved["ci_high"] < 0
    page.conclusions.append(lang.t(
        "conclusion.compare", moved=lang.number(moved["difference"], 1), low=lang.number(moved["ci_low"], 1),
        high=lang.number(moved["ci_high"], 1),
        percent=("+" if moved["percent"] > 0 else "") + lang.number(moved["percent"], 0) + " %",
        verdict=lang.t("conclusion.compare.clear" if clear else "conclusion.compare.unclear")))
    shown = table.reset_index()[["outcome", "base_mean", "variant_mean", "difference", "ci_low", "ci_high", "percent",
                                 "percent_low", "percent_high"]]
    page.table(lang.t("table.comparison"), shown, _numbers(lang, shown.columns[1:], 2))
    territories = run[(run["outcome"] == "moved_households")
                      & ((run["base_mean"] != 0) | (run["variant_mean"] != 0) | (run["territory"] == "all"))]
    page.table(lang.t("table.territories", period=period),
               territories[["territory", "name", "base_mean", "variant_mean", "difference", "ci_low", "ci_high",
                            "percent"]],
               _numbers(lang, ("base_mean", "variant_mean", "difference", "ci_low", "ci_high", "percent"), 2))
    households = [o for o in table.index if o.endswith("_households") and not np.isnan(table.loc[o, "difference"])]
    for title, ax in ((lang.t("chart.differences", period=period), comparison.plot(outcomes=households)),
                      (lang.t("chart.territories", period=period), comparison.plot(by="territory"))):
        ax.set_xlabel(lang.t("axis.difference"))
        page.chart(title, ax.figure)


def _capacity_page(page: Page, capacity: CapacityFile) -> None:
    lang = page.language
    relocations = capacity.relocations
    period = lang.period(capacity.attrs["window_first_day"], capacity.attrs["window_last_day"])
    programme = relocations.iloc[0]
    page.conclusions.append(lang.t("conclusion.capacity", per_year=lang.number(programme["per_year"], 1),
                                   low=lang.number(programme["ci_low"], 1), high=lang.number(programme["ci_high"], 1),
                                   verdict=capacity.binding_statement))
    page.table(lang.t("table.relocations"), relocations, _numbers(lang, ("per_year", "ci_low", "ci_high"), 2))
    resources = capacity.resources[["resource", "territory_name", "unit", "mean_wait_weeks", "gain_per_year", "ci_low",
                                    "ci_high", "holm_p_value", "gain_per_100k_eur"]]
    page.table(lang.t("table.resources"), resources, _numbers(lang, resources.columns[3:], 2))
    figure = capacity.plot()
    for ax, label in zip(figure.axes, ("axis.relocations", "axis.gain")):
        ax.set_xlabel(lang.t(label))
    page.chart(lang.t("chart.capacity", period=period), figure)


def _sweep_page(page: Page, sweep: SweepFile) -> None:
    import matplotlib.pyplot as plt

    lang = page.language
    period = _run_period(lang, sweep.attrs)
    points = sweep.points
    spread = sweep.quantiles
    moved = spread[spread["outcome"] == "moved_households"].set_index("point")
    keys = [c for c in points.columns if c != "point"]
    described = lambda point: ", ".join(f"{key} = {points.set_index('point').loc[point, key]}" for key in keys)
    low, high = moved["mean"].idxmin(), moved["mean"].idxmax()
    page.conclusions.append(lang.t("conclusion.sweep", points=len(points), low=lang.number(moved.loc[low, "mean"], 1),
                                   low_point=described(low), high=lang.number(moved.loc[high, "mean"], 1),
                                   high_point=described(high)))
    page.table(lang.t("table.sweep"), points.join(moved[["mean", "q05", "q50", "q95"]], on="point"),
               _numbers(lang, ("mean", "q05", "q50", "q95"), 2))
    for key in keys:
        figure, ax = plt.subplots(figsize=(7, 3))
        grouped = points.join(moved, on="point").groupby(key, sort=False)[["mean", "q05", "q95"]].mean()
        x = np.arange(len(grouped))
        ax.errorbar(x, grouped["mean"], yerr=[grouped["mean"] - grouped["q05"], grouped["q95"] - grouped["mean"]],
                    fmt="o-", capsize=3)
        ax.set_xticks(x, list(grouped.index))
        ax.set_xlabel(key)
        ax.set_ylabel(lang.t("households"))
        page.chart(lang.t("chart.sweep", parameter=key, period=period), figure)


def _sensitivity_page(page: Page, sensitivity: SensitivityFile) -> None:
    lang = page.language
    effects = sensitivity.effects
    moved = effects[effects["outcome"] == "moved_households"].set_index("lever")["mu_star"]
    page.conclusions.append(lang.t("conclusion.sensitivity", levers=len(moved), lever=moved.idxmax(),
                                   mu_star=lang.number(moved.max(), 2)))
    page.table(lang.t("table.effects"), effects, _numbers(lang, effects.columns[2:], 2))
    page.chart(lang.t("chart.sensitivity", period=_run_period(lang, sensitivity.attrs)),
               sensitivity.plot("moved_households").figure)


def _sobol_page(page: Page, sobol: SobolFile) -> None:
    lang = page.language
    indices = sobol.indices
    total = indices[indices["outcome"] == "moved_households"].set_index("parameter")["total"]
    page.conclusions.append(lang.t("conclusion.sobol", parameters=len(total), parameter=total.idxmax(),
                                   total=lang.number(total.max(), 2)))
    page.table(lang.t("table.indices"), indices, _numbers(lang, indices.columns[2:], 3))
    page.chart(lang.t("chart.sobol", period=_run_period(lang, sobol.attrs)), sobol.plot("moved_households").figure)


def _calibration_page(page: Page, calibration: CalibrationFile) -> None:
    import matplotlib.pyplot as plt

    lang = page.language
    parameters = calibration.parameters().reset_index()
    targets = calibration.targets().reset_index()
    page.conclusions.append(lang.t("conclusion.calibrate", parameters=len(parameters), targets=len(targets)))
    page.table(lang.t("table.parameters"), parameters,
               _numbers(lang, [c for c in parameters.columns if parameters[c].dtype.kind == "f"], 3))
    page.table(lang.t("table.targets"), targets,
               _numbers(lang, [c for c in targets.columns if targets[c].dtype.kind == "f"], 3))
    figure, axes = plt.subplots(len(parameters), 1, figsize=(7, 1.2 * len(parameters) + 0.5), squeeze=False)
    for ax, (_, row) in zip(axes[:, 0], parameters.iterrows()):
        ax.errorbar([row["prior_mean"]], [1], fmt="s", color="grey", capsize=3, label="prior",
                    xerr=[[row["prior_mean"] - row["low"]], [row["high"] - row["prior_mean"]]])
        ax.errorbar([row["q50"]], [0], xerr=[[row["q50"] - row["q05"]], [row["q95"] - row["q50"]]], fmt="o",
                    color="#2b6cb0", capsize=3, label="posterior (90 %)")
        ax.set_yticks([0, 1], ["posterior", "prior"])
        ax.set_title(str(row["key"]), fontsize=9)
    page.chart(lang.t("chart.calibration"), figure)


PAGES: Dict[type, Callable[[Page, Any], None]] = {
    Results: _run_page,
    ComparisonFile: _compare_page,
    CapacityFile: _capacity_page,
    SweepFile: _sweep_page,
    SensitivityFile: _sensitivity_page,
    SobolFile: _sobol_page,
    CalibrationFile: _calibration_page,
}


# ---- the page ------------------------------------------------------------------------------------------------------

STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1000px;margin:2em auto;color:#1a202c;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #2b6cb0;padding-bottom:.2em;margin-top:1.6em}
h3{font-size:1.05em;margin-top:1.4em}.subtitle{color:#4a5568;margin-top:0}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dl.facts dt{color:#4a5568}
table{border-collapse:collapse;margin:.6em 0;font-size:.85em;display:block;max-width:100%;overflow-x:auto}
th,td{border:1px solid #e2e8f0;padding:.25em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}table.headline td b{font-size:1.15em}.range{color:#4a5568}
.note{color:#4a5568;font-size:.85em}figure.chart{margin:1.2em 0;page-break-inside:avoid}
figcaption{font-weight:bold;margin-bottom:.4em}
figure.chart svg{max-width:100%;height:auto}pre{background:#f7fafc;padding:.8em;font-size:.75em;overflow:auto}
code{font-size:.85em}@media print{body{margin:0}details{display:none}}
"""


def render(path: PathLike, language: str = "en", created: Optional[str] = None) -> str:
    """The report of the results file at `path` as HTML text. `created` (ISO UTC) stands for now, for tests."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lang = Language(language)
    opened = open_results(path)
    with plt.rc_context({"svg.hashsalt": "emile-report", "svg.fonttype": "path", "figure.dpi": 72}):
        page = Page(lang)
        kind = opened.attrs.get("analysis", "run")
        page.facts = [(lang.t("scenario"), str(opened.attrs["scenario"]))]
        if "variant_scenario" in opened.attrs:
            page.facts.append((lang.t("variant"), str(opened.attrs["variant_scenario"])))
        page.facts += [(lang.t("replications"), str(opened.replications)), (lang.t("seed"), str(opened.seed))]
        PAGES[type(opened)](page, opened)
    scenario = next(iter(opened.scenario_tomls.values()), "")
    created = created or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = "".join(content for _, content in page.sections)
    command = html.escape(str(opened.attrs.get("invocation", "")))
    provenance = [(lang.t("provenance.command"), f"<code>{command}</code>"),
                  (lang.t("provenance.version"), html.escape(str(opened.attrs["emile_version"]))),
                  (lang.t("provenance.created"), html.escape(str(opened.attrs["created_utc"]))),
                  (lang.t("provenance.report"), f"<span id=report-created>{html.escape(created)}</span>")]
    facts = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in page.facts)
    provenance_html = "".join(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in provenance)
    headline = f"<h2>{html.escape(lang.t('headline'))}</h2>{page.headline}" if page.headline else ""
    conclusions = "".join(f"<p>{html.escape(c)}</p>" for c in page.conclusions)
    return (f"<!DOCTYPE html>\n<html lang={lang.code}><head><meta charset=utf-8>"
            f"<meta name=viewport content='width=device-width, initial-scale=1'>"
            f"<meta name=emile-kind content={kind}><meta name=emile-charts content={page.charts}>"
            f"<title>{html.escape(lang.t('title'))} — {html.escape(str(opened.attrs['scenario']))}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(lang.t('title'))}</h1><p class=subtitle>{html.escape(lang.t('kind.' + kind))}</p>"
            f"<dl class=facts>{facts}</dl>{headline}"
            f"<h2>{html.escape(lang.t('conclusions'))}</h2>{conclusions}{body}"
            f"<h2>{html.escape(lang.t('provenance'))}</h2><dl class=facts>{provenance_html}</dl>"
            f"<details><summary>{html.escape(lang.t('provenance.scenario'))}</summary>"
            f"<pre>{html.escape(scenario)}</pre>"
            f"</details></body></html>\n")


def chromium() -> Optional[str]:
    """The headless browser that prints the PDF: Debian's `chromium`, or what EMILE_CHROMIUM names."""
    return os.environ.get("EMILE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(page: Path, pdf: Path) -> None:
    """Prints the HTML file `page` to `pdf` with headless Chromium (atomically). RuntimeError when there is none or
    it fails."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("--pdf needs Chromium (Debian's package `chromium`, installed by scripts/setup.sh)")
    with tempfile.TemporaryDirectory(prefix="emile-pdf-") as folder:
        printed = Path(folder) / "report.pdf"
        arguments = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", f"--user-data-dir={folder}",
                     f"--print-to-pdf={printed}", page.resolve().as_uri()]
        if os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")  # Chromium refuses to run as root inside its sandbox
        done = subprocess.run(arguments, capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            raise RuntimeError(f"Chromium could not print {page}: {done.stderr.strip()[-500:]}")
        _replace(pdf, printed.read_bytes())


def _replace(path: Path, content: bytes) -> None:
    """Writes `content` to `path` through a temporary beside it, renamed when complete."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def report(path: PathLike, output: Optional[PathLike] = None, pdf: Optional[PathLike] = None,
           language: str = "en") -> Path:
    """Writes the report of the results file at `path` to `output` (default: its name ending in .html, beside it),
    and with `pdf` prints it there too; returns the HTML file's path. Raises ResultsFileError for a file that is
    not a complete emile results file (nothing is written), ValueError for an unknown language."""
    source = Path(path)
    page = Path(output) if output is not None else source.with_suffix(".html")
    written = render(source, language).encode("utf-8")
    _replace(page, written)
    if pdf is not None:
        print_pdf(page, Path(pdf))
    return page


def main(arguments: Optional[Sequence[str]] = None) -> int:
    """`emile report`'s work, for `python3 -m emile report`: exit 0, or 2 for bad input, 1 for a failure."""
    parser = argparse.ArgumentParser(prog="emile report", description="Write a results file's report as one HTML page")
    parser.add_argument("results")
    parser.add_argument("-o", "--output")
    parser.add_argument("--pdf")
    parser.add_argument("--lang", default="en", choices=LANGUAGES)
    options = parser.parse_args(arguments)
    try:
        page = report(options.results, options.output, options.pdf, options.lang)
    except (_core.ResultsFileError, FileNotFoundError, KeyError, ValueError) as error:
        print(f"emile: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"emile: {error}", file=sys.stderr)
        return 1
    print(f"report: {page}" + (f"\npdf: {options.pdf}" if options.pdf else ""))
    return 0
