"""What the report shows of each kind of results file: one function per kind fills a Page (_report_page.py) with
its headline, the conclusions drawn from its numbers, and its charts and tables, each titled with the period it
covers, every word in the page's language.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence, Tuple

import h5py
import numpy as np
import pandas as pd

from . import _plots
from ._analysis_files import (CalibrationFile, CapacityFile, ComparisonFile, SensitivityFile, SobolFile,
                              SweepFile)
from ._report_page import Cell, Language, Page, Table
from ._results import Results, _statistics

HEADLINE_FLOWS = ("referred", "enrolled", "moved", "settled", "returned", "withdrawn")
HEADLINE_COSTS = ("gross_per_moved", "net_per_moved", "gross_per_settled", "net_per_settled")
FUNNEL = ("referred", "enrolled", "proposed", "immersed", "committed", "matched", "moved", "settled")
WAITING_STAGES = ("referred", "enrolled", "proposed", "committed", "matched")
# The monthly chart draws this many territories, those with the most moves; the others are summed in one line.
MONTHLY_TERRITORIES = 8

Spread = Tuple[float, float, float]  # mean, 5 % and 95 % quantiles over the replications


def _spread(values: np.ndarray) -> Spread:
    if values.size == 0:
        return np.nan, np.nan, np.nan
    statistics = _statistics(values, (0.05, 0.95))
    return float(statistics["mean"]), float(statistics["q05"]), float(statistics["q95"])


def _numbers(lang: Language, columns: Sequence[str], decimals: int) -> Dict[str, Callable[[Any], str]]:
    """Cell formats writing `columns` as numbers of the language with `decimals` decimals."""
    return {column: (lambda value: lang.number(value, decimals)) for column in columns}


def _intervals(labels: Sequence[str], estimate: Sequence[float], low: Sequence[float], high: Sequence[float],
               xlabel: str) -> Any:
    """A figure of one row per label: the estimate, its interval and a line at zero."""
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(8, 0.3 * len(labels) + 1.2), layout="constrained")
    _plots.interval_rows(ax, labels, estimate, low, high, xlabel=xlabel)
    return figure


def _run_period(lang: Language, attrs: Dict[str, Any]) -> str:
    """The days the file's runs cover: its start to its end date (the start alone in files before schema 10)."""
    return lang.period(attrs["start_date"], attrs.get("end_date", attrs["start_date"]))


# ---- run files ------------------------------------------------------------------------------------------------

def _headline(page: Page, summary: pd.DataFrame, replications: int, parameter_uncertainty: bool) -> Dict[str, Spread]:
    """The headline block: each flow (households and persons) and each cost, mean [5 %, 95 %]; returns the values."""
    lang = page.language
    values: Dict[str, Spread] = {}
    flows: List[List[Cell]] = []
    for flow in HEADLINE_FLOWS:
        row = [Cell(lang.t("flow." + flow))]
        for unit in ("households", "persons"):
            key = f"{flow}_{unit}"
            values[key] = mean, low, high = _spread(summary[key].to_numpy(dtype=float))
            row.append(Cell(lang.number(mean, 1), f"{lang.number(low, 1)}, {lang.number(high, 1)}", key))
        flows.append(row)
    costs: List[List[Cell]] = []
    for cost in HEADLINE_COSTS:
        key = f"cost_{cost}_eur"
        values[key] = mean, low, high = _spread(summary[key].dropna().to_numpy(dtype=float))
        costs.append([Cell(lang.t("cost." + cost)),
                      Cell(f"{lang.number(mean)} €", f"{lang.number(low)}, {lang.number(high)}", key)])
    page.headline = [Table([lang.t("flow"), lang.t("households"), lang.t("persons")], flows),
                     Table([lang.t("cost"), lang.t("euros")], costs)]
    page.headline_note = lang.t("headline.note", replications=replications) + " " + lang.t(
        "headline.uncertainty.yes" if parameter_uncertainty else "headline.uncertainty.no")
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


def _monthly_chart(page: Page, results: Results, period: str) -> None:
    """Moves per month: the programme with its 5–95 % band, the territories with the most moves (mean), the
    others summed in one line."""
    import matplotlib.pyplot as plt

    lang = page.language
    figure, ax = plt.subplots(figsize=(9, 3.6))
    missing = lang.t("chart.unavailable", level=results.record, needed="series") if results.record == "summary" else ""
    if missing:
        ax.text(0.5, 0.5, missing, transform=ax.transAxes, ha="center")
    else:
        months, totals = _monthly(results, "moved_households")
        programme = totals.sum(axis=2)
        ax.fill_between(months, np.quantile(programme, 0.05, axis=0), np.quantile(programme, 0.95, axis=0),
                        color="#a0aec0", alpha=0.35, linewidth=0)
        ax.plot(months, programme.mean(axis=0), color="black", linewidth=2, label=lang.t("programme"))
        means = totals.mean(axis=0)  # (month, row)
        moving = [row for row in np.argsort(-means.sum(axis=0), kind="stable") if means[:, row].any()]
        for row in moving[:MONTHLY_TERRITORIES]:
            ax.plot(months, means[:, row], linewidth=1, label=results.territory_names[row])
        others = moving[MONTHLY_TERRITORIES:]
        if others:
            ax.plot(months, means[:, others].sum(axis=1), linewidth=1, linestyle="--", color="grey",
                    label=lang.t("chart.monthly.others", count=len(others)))
        ax.legend(fontsize="x-small", ncol=4)
    ax.set_ylabel(lang.t("chart.monthly.y"))
    page.chart(lang.t("chart.monthly", period=period), figure, missing)


def _origin_host_table(page: Page, results: Results, hosts: List[str], period: str) -> None:
    """The households of each origin moving to each of the `hosts` (codes, in order; mean over the replications)."""
    lang = page.language
    flows = results.origin_host_flows()
    means = flows.groupby(["origin", "host"], sort=False)["moved_households"].mean().unstack("host")
    shown = means.reindex(columns=hosts).reset_index()
    page.table(lang.t("table.origin_host", period=period), shown, _numbers(lang, hosts, 1), verbatim=hosts)


def _origin_cost_table(page: Page, results: Results, period: str) -> None:
    """What each origin's part of the programme cost (mean over the replications), and the host territories'
    caseworkers, who serve every origin; in short, each origin's moves and net cost per move."""
    lang = page.language
    columns = ["gross_eur", "avoided_eur", "net_eur", "moved_households", "net_per_moved_eur", "net_per_settled_eur"]
    costs = results.origin_costs()
    means = costs.groupby("origin", sort=False)[columns].mean().reset_index()
    names = dict(zip(costs["origin"], costs["origin_name"]))
    parts = [lang.t("conclusion.origin", name=names[row.origin], moved=lang.number(row.moved_households, 1),
                    net=lang.number(row.net_per_moved_eur) + " €")
             for row in means.itertuples() if row.origin != "hosts"]
    page.conclusions.append(lang.t("conclusion.origins", parts=lang.t("conclusion.origins.separator").join(parts)))
    hosts = means["origin"] == "hosts"
    means.loc[hosts, "moved_households"] = np.nan  # the hosts' caseworkers move nobody of their own
    means.loc[hosts, "origin"] = lang.t("origin.hosts")
    formats = _numbers(lang, columns, 0)
    formats["moved_households"] = lambda value: lang.number(value, 1)
    page.table(lang.t("table.origin_costs", period=period), means, formats)


def _waiting_chart(page: Page, results: Results, period: str) -> None:
    """Mean weeks in each stage of the pathway before the move, from every household's events (record full)."""
    import matplotlib.pyplot as plt

    lang = page.language
    figure, ax = plt.subplots(figsize=(8, 2.6))
    missing = "" if results.record == "full" else lang.t("chart.unavailable", level=results.record, needed="full")
    if not missing:
        events = results.events().sort_values(["replication", "household", "step"], kind="stable")
        entered = events.groupby(["replication", "household"])["step"].shift()
        left = events[events["from"].isin(WAITING_STAGES) & entered.notna()]
        weeks = ((left["step"] - entered[left.index]) * int(results.attrs["step_days"]) / 7).groupby(
            left["from"].astype(str)).mean().reindex(list(WAITING_STAGES))
        ax.barh([lang.t("stage." + stage) for stage in WAITING_STAGES[::-1]], weeks.to_numpy()[::-1], color="#805ad5")
        ax.set_xlabel(lang.t("chart.waits.x"))
    else:
        ax.text(0.5, 0.5, missing, transform=ax.transAxes, ha="center")
        ax.set_axis_off()
    page.chart(lang.t("chart.waits", period=period), figure, missing)


def _map_chart(page: Page, results: Results, period: str) -> None:
    """The host territories' communes (a raster layer: tens of thousands of points at national scale) and, drawn
    over them, the moves: at each commune from the households' dwellings (record full), else at each territory's
    centre from its total."""
    import matplotlib.pyplot as plt

    lang = page.language
    figure, ax = plt.subplots(figsize=(6, 6))
    communes = results.communes()
    ax.scatter(communes["longitude"], communes["latitude"], s=2, color="#cbd5e0", rasterized=True)
    if results.record == "full":
        homes = results.households()["dwelling_commune"]
        moves = homes[homes >= 0].value_counts() / results.replications
        at = communes.set_index("row").loc[moves.index]
        note = lang.t("chart.map.note")
    else:
        totals = results.ensemble("moved_households").groupby("territory", observed=True)["mean"].sum()
        at = communes.groupby("territory")[["longitude", "latitude"]].mean()
        moves = totals.reindex(at.index).fillna(0)
        note = lang.t("chart.map.note.territories", level=results.record)
    ax.scatter(at["longitude"], at["latitude"], s=moves.to_numpy() * 30, color="#c05621", alpha=0.7)
    ax.set_aspect(1 / np.cos(np.radians(46.5)))
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    page.chart(lang.t("chart.map", period=period), figure, note)


def run_page(page: Page, results: Results) -> None:
    import matplotlib.pyplot as plt

    lang = page.language
    first, last = results.attrs["start_date"], results.attrs.get("end_date") or results.dates[-1].date().isoformat()
    period = lang.period(first, last)
    summary = results.summary()
    with h5py.File(results.path, "r") as file:
        uncertainty = bool(file["ensemble"].attrs.get("parameter_uncertainty", 0))
    values = _headline(page, summary, results.replications, uncertainty)
    territories = results.territories()
    roles = territories["role"]
    hosts = list(territories.loc[roles == "host", "code"])

    moved_by_row = results.ensemble("moved_households").groupby("territory_name", observed=True)["mean"].sum()
    moved_by_row = moved_by_row[moved_by_row > 0].sort_values(ascending=False)
    top = ", ".join(f"{name} ({lang.number(value, 1)})" for name, value in moved_by_row.head(2).items())
    moved = values["moved_households"]
    page.conclusions.append(lang.t(
        "conclusion.run", first=lang.day(first), last=lang.day(last), moved=lang.number(moved[0], 1),
        moved_low=lang.number(moved[1], 1), moved_high=lang.number(moved[2], 1),
        hosts=len(hosts), enrolled=lang.number(values["enrolled_households"][0], 1),
        settled=lang.number(values["settled_households"][0], 1),
        returned=lang.number(values["returned_households"][0], 1),
        top=top or "–", cost=lang.number(values["cost_gross_per_moved_eur"][0]) + " €",
        net=lang.number(values["cost_net_per_moved_eur"][0]) + " €"))

    figure, ax = plt.subplots(figsize=(8, 3.2))
    means = [summary[f"{flow}_households"].mean() for flow in FUNNEL]
    ax.barh([lang.t("flow." + flow) for flow in FUNNEL[::-1]], means[::-1], color="#2b6cb0")
    for y, value in enumerate(means[::-1]):
        ax.text(value, y, f" {lang.number(value, 0)}", va="center", fontsize=8)
    ax.set_xlabel(lang.t("households"))
    page.chart(lang.t("chart.funnel", period=period), figure)
    _monthly_chart(page, results, period)
    if (roles == "origin").sum() > 1:
        _origin_host_table(page, results, hosts, period)
        _origin_cost_table(page, results, period)
    _waiting_chart(page, results, period)
    _map_chart(page, results, period)


# ---- comparisons -------------------------------------------------------------------------------------------------

def _compare_headline(page: Page, table: pd.DataFrame) -> None:
    """The headline block of a comparison: each flow (households) and cost, base → variant, and the paired
    difference with its 95 % interval."""
    lang = page.language
    rows = []
    for key, label in ([(f"{flow}_households", lang.t("flow." + flow)) for flow in HEADLINE_FLOWS]
                       + [(f"cost_{cost}_eur", lang.t("cost." + cost)) for cost in HEADLINE_COSTS]):
        row = table.loc[key]
        decimals, unit = (0, " €") if key.startswith("cost_") else (1, "")
        written = lambda column: lang.number(row[column], decimals)
        rows.append([Cell(label), Cell(written("base_mean") + unit), Cell(written("variant_mean") + unit),
                     Cell(written("difference") + unit, f"{written('ci_low')}, {written('ci_high')}", key)])
    page.headline = [Table([lang.column("outcome"), lang.t("base"), lang.t("variant"), lang.t("difference")], rows)]
    page.headline_note = lang.t("headline.paired")


def compare_page(page: Page, comparison: ComparisonFile) -> None:
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
    numbers = ["base_mean", "variant_mean", "difference", "ci_low", "ci_high", "percent", "percent_low", "percent_high"]
    shown = table.reset_index()[["outcome", *numbers]]
    page.table(lang.t("table.comparison"), shown, {"outcome": lang.outcome, **_numbers(lang, numbers, 2)})
    territories = run[(run["outcome"] == "moved_households")
                      & ((run["base_mean"] != 0) | (run["variant_mean"] != 0) | (run["territory"] == "all"))]
    territories = territories.assign(name=territories["name"].where(territories["territory"] != "all",
                                                                    lang.t("programme")))
    numbers = ["base_mean", "variant_mean", "difference", "ci_low", "ci_high", "percent"]
    page.table(lang.t("table.territories", period=period), territories[["territory", "name", *numbers]],
               _numbers(lang, numbers, 2))
    _compare_origin_host_table(page, comparison, period)
    households = table[table.index.str.endswith("_households") & table["difference"].notna()]
    page.chart(lang.t("chart.differences", period=period),
               _intervals([lang.outcome(key) for key in households.index], households["difference"],
                          households["ci_low"], households["ci_high"], lang.t("axis.difference")))
    page.chart(lang.t("chart.territories", period=period),
               _intervals(list(territories["name"]), territories["difference"], territories["ci_low"],
                          territories["ci_high"], lang.t("axis.difference")))


def _compare_origin_host_table(page: Page, comparison: ComparisonFile, period: str) -> None:
    """With several origins on either side, the households of each origin moving to each host, base against
    variant (pairs with none on either side left out)."""
    if len(comparison.origins) < 2:
        return
    lang = page.language
    rows = comparison.by_origin_host
    moved = rows[(rows["outcome"] == "moved_households") & ((rows["base_mean"] != 0) | (rows["variant_mean"] != 0))]
    numbers = ["base_mean", "variant_mean", "difference", "ci_low", "ci_high", "percent"]
    page.table(lang.t("table.compare_origin_host", period=period), moved[["origin", "host", *numbers]],
               _numbers(lang, numbers, 2))


# ---- capacity ---------------------------------------------------------------------------------------------------

def _verdict(lang: Language, capacity: CapacityFile, resources: pd.DataFrame, labels: List[str]) -> str:
    """The binding constraint in one sentence of the page's language, from the verdict's parts (schema 11 on);
    the file's English sentence for older files."""
    verdict = capacity.verdict
    if verdict is None:
        return capacity.binding_statement
    reason = verdict["reason"]
    if reason in ("no_resource", "one_replication"):
        return lang.t("verdict." + reason)
    top, second = resources.iloc[verdict["top"]], resources.iloc[verdict["runner_up"]]
    words = lang.t("verdict." + reason, top=labels[verdict["top"]], second=labels[verdict["runner_up"]],
                   gain=lang.number(top["gain_per_year"], 2), low=lang.number(top["ci_low"], 2),
                   high=lang.number(top["ci_high"], 2), second_gain=lang.number(second["gain_per_year"], 2),
                   p=lang.number(top["holm_p_value"], 3), tested=verdict["tested"], count=len(resources))
    if reason != "binds" and verdict["replications_to_separate"] > 0:
        words += " " + lang.t("verdict.separate", replications=verdict["replications_to_separate"],
                              top=labels[verdict["top"]], second=labels[verdict["runner_up"]])
    elif (reason != "binds" and verdict["top"] != verdict["runner_up"]
          and top["gain_per_year"] == second["gain_per_year"]):
        words += " " + lang.t("verdict.equal")
    return words


def capacity_page(page: Page, capacity: CapacityFile) -> None:
    lang = page.language
    relocations = capacity.relocations
    resources = capacity.resources
    labels = [lang.resource(resource, name)
              for resource, name in zip(resources["resource"], resources["territory_name"])]
    period = lang.period(capacity.attrs["window_first_day"], capacity.attrs["window_last_day"])
    programme = relocations.iloc[0]
    page.conclusions.append(lang.t("conclusion.capacity", per_year=lang.number(programme["per_year"], 1),
                                   low=lang.number(programme["ci_low"], 1), high=lang.number(programme["ci_high"], 1),
                                   verdict=_verdict(lang, capacity, resources, labels)))
    if capacity.closed:
        page.note(lang.t("capacity.closed", codes=", ".join(capacity.closed)))
    origins = capacity.origins if len(capacity.origins) > 1 else {}
    names = pd.Series([lang.t("programme") if code == "all"
                       else lang.t("capacity.origin_row", name=name) if code in origins else name
                       for code, name in zip(relocations["territory"], relocations["name"])])
    page.table(lang.t("table.relocations", period=period), relocations.assign(name=names),
               {"territory": lambda code: "" if code == "all" else code,
                **_numbers(lang, ("per_year", "ci_low", "ci_high"), 2)})
    numbers = ["mean_wait_weeks", "gain_per_year", "ci_low", "ci_high", "holm_p_value", "cost_eur_per_year",
               "gain_per_100k_eur"]
    shown = resources.assign(resource=labels)[["resource", *numbers]]
    page.table(lang.t("table.resources", period=period), shown,
               {**_numbers(lang, numbers, 2), "holm_p_value": lambda p: lang.number(p, 3),
                "cost_eur_per_year": lambda euros: lang.number(euros, 0)})
    page.chart(lang.t("chart.relocations", period=period),
               _intervals(list(names), relocations["per_year"], relocations["ci_low"], relocations["ci_high"],
                          lang.t("axis.relocations")))
    page.chart(lang.t("chart.capacity", period=period),
               _intervals(labels, resources["gain_per_year"], resources["ci_low"], resources["ci_high"],
                          lang.t("axis.gain")))


# ---- sweeps and sensitivity --------------------------------------------------------------------------------------

def sweep_page(page: Page, sweep: SweepFile) -> None:
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
    page.table(lang.t("table.sweep", period=period), points.join(moved[["mean", "q05", "q50", "q95"]], on="point"),
               _numbers(lang, ("mean", "q05", "q50", "q95"), 2), verbatim=keys)
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


def sensitivity_page(page: Page, sensitivity: SensitivityFile) -> None:
    lang = page.language
    effects = sensitivity.effects
    moved = effects[effects["outcome"] == "moved_households"].set_index("lever")["mu_star"]
    page.conclusions.append(lang.t("conclusion.sensitivity", levers=len(moved), lever=moved.idxmax(),
                                   mu_star=lang.number(moved.max(), 2)))
    page.table(lang.t("table.effects"), effects, {"outcome": lang.outcome, **_numbers(lang, effects.columns[2:], 2)})
    ax = sensitivity.plot("moved_households")
    ax.set_xlabel(lang.t("axis.mu_star"))
    ax.set_ylabel(lang.t("axis.sigma"))
    page.chart(lang.t("chart.sensitivity", period=_run_period(lang, sensitivity.attrs)), ax.figure)


def sobol_page(page: Page, sobol: SobolFile) -> None:
    lang = page.language
    indices = sobol.indices
    total = indices[indices["outcome"] == "moved_households"].set_index("parameter")["total"]
    page.conclusions.append(lang.t("conclusion.sobol", parameters=len(total), parameter=total.idxmax(),
                                   total=lang.number(total.max(), 2)))
    page.table(lang.t("table.indices"), indices, {"outcome": lang.outcome, **_numbers(lang, indices.columns[2:], 3)})
    ax = sobol.plot("moved_households")
    ax.set_xlabel(lang.t("axis.variance_share"))
    for legend_text, key in zip(ax.get_legend().get_texts(), ("column.first", "column.total")):
        legend_text.set_text(lang.t(key))
    page.chart(lang.t("chart.sobol", period=_run_period(lang, sobol.attrs)), ax.figure)


# ---- calibration -------------------------------------------------------------------------------------------------

def calibration_page(page: Page, calibration: CalibrationFile) -> None:
    import matplotlib.pyplot as plt

    lang = page.language
    parameters = calibration.parameters().reset_index()
    targets = calibration.targets().reset_index()
    errors = (targets[["q05", "q50", "q95"]].sub(targets["observed"], axis=0)).div(targets["tolerance"], axis=0)
    within = int(((errors["q05"] <= 1) & (errors["q95"] >= -1)).sum())
    page.conclusions.append(lang.t("conclusion.calibrate", parameters=len(parameters), targets=len(targets),
                                   within=within))
    shown = parameters[["key", "prior", "low", "high", "prior_mean", "q05", "q50", "q95"]]
    page.table(lang.t("table.parameters"), shown, _numbers(lang, shown.columns[2:], 3))
    shown = targets.rename(columns={"name": "target"})[["target", "date", "observed", "tolerance", "q05", "q50", "q95",
                                                        "source"]]
    page.table(lang.t("table.targets"), shown, _numbers(lang, ("observed", "tolerance", "q05", "q50", "q95"), 1))

    figure, axes = plt.subplots(len(parameters), 1, figsize=(7, 1.2 * len(parameters) + 0.5), squeeze=False,
                                layout="constrained")
    for ax, (_, row) in zip(axes[:, 0], parameters.iterrows()):
        ax.errorbar([row["prior_mean"]], [1], fmt="s", color="grey", capsize=3,
                    xerr=[[row["prior_mean"] - row["low"]], [row["high"] - row["prior_mean"]]])
        ax.errorbar([row["q50"]], [0], xerr=[[row["q50"] - row["q05"]], [row["q95"] - row["q50"]]], fmt="o",
                    color="#2b6cb0", capsize=3)
        ax.set_yticks([0, 1], [lang.t("posterior"), lang.t("prior")])
        ax.set_ylim(-0.6, 1.6)
        ax.text(0.0, 1.02, str(row["key"]), transform=ax.transAxes, fontsize=9)
    page.chart(lang.t("chart.calibration"), figure, lang.t("chart.calibration.note"))

    figure = _intervals(list(targets["name"]), errors["q50"], errors["q05"], errors["q95"], lang.t("axis.fit"))
    figure.axes[0].axvspan(-1, 1, color="#c6f6d5", zorder=-1)
    page.chart(lang.t("chart.fit"), figure, lang.t("chart.fit.note"))


PAGES: Dict[type, Callable[[Page, Any], None]] = {
    Results: run_page,
    ComparisonFile: compare_page,
    CapacityFile: capacity_page,
    SweepFile: sweep_page,
    SensitivityFile: sensitivity_page,
    SobolFile: sobol_page,
    CalibrationFile: calibration_page,
}
