"""Plots of results and analyses, drawn with matplotlib on the current backend.

Each function draws tables as the readers return them, labels its axes with units and titles what it drew; it
returns the Axes it drew on, or the Figure when it drew on several. matplotlib is imported when a plot is drawn,
so that `import emile` needs neither matplotlib nor a display.

The units follow the names of metrics and headline outcomes (docs/output-format.md): `<flow>_households` and
`<flow>_persons` count entries into a stage during a step (totals over the run for an outcome), every other
metric is a level at the end of a step; `_share` outcomes are shares, `_eur` ones euros.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core

Line = Tuple[str, np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]  # label, mean, low, high (no band: None)

# What a metric or an outcome counts, by the end of its name (first match).
_UNITS = (
    ("_households", "households"),
    ("_persons", "persons"),
    ("_share", "share"),
    ("_share_of_moved", "share"),
    ("_eur", "euros"),
    ("caseworkers", "caseworkers"),
    ("_capacity", "households"),
    ("_load", "households"),
    ("_queue", "households"),
    ("_vacancies", "vacancies"),
    ("_dwellings", "dwellings"),
)


def unit(name: str) -> str:
    """What the metric or headline outcome `name` counts or measures ("households", "share", "euros"…); "" when its
    name does not say."""
    return next((counted for suffix, counted in _UNITS if name.endswith(suffix)), "")


def is_flow(metric: str) -> bool:
    """Whether `metric` counts entries into a stage during each step (`<flow>_households`, `<flow>_persons`)."""
    stem = metric.rsplit("_", 1)[0]
    return metric.endswith(("_households", "_persons")) and stem in _core.flow_names()


def metric_label(metric: str, step_days: int, cumulative: bool) -> str:
    """The y-axis label of a metric's time series: its unit, per step for a flow, at the end of each step for a
    level, and what a running total of either is."""
    counted = unit(metric) or metric
    if is_flow(metric):
        return f"cumulative {counted}" if cumulative else f"{counted} per {step_days}-day step"
    return f"{counted} × steps, cumulative" if cumulative else f"{counted} at the end of each step"


def _day(date: pd.Timestamp) -> str:
    return f"{date.day} {date:%b %Y}"


def period(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """"14 Jun 2019 – 2 Jul 2020": the days a run's steps cover, for titles."""
    return f"{_day(start)} – {_day(end)}"


def labels_of(names: List[str], limit: int = 3) -> str:
    """Territory names for a label: all of them up to `limit`, else how many."""
    return " + ".join(names) if len(names) <= limit else f"{len(names)} territories"


def _new_axes(ax: Any, figsize: Tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize, layout="constrained")[1]


def time_series(lines: Sequence[Line], dates: pd.DatetimeIndex, *, ylabel: str, title: str, empty: str,
                ax: Any = None) -> Any:
    """One line per (label, mean, low, high) over `dates`, with a band from low to high when they are given; dates
    as tick labels, the axis spanning the dates. `empty` is written on the axes when there is no line."""
    import matplotlib.dates as mdates

    ax = _new_axes(ax, (9, 4))
    x = dates.to_pydatetime()
    for label, mean, low, high in lines:
        (line,) = ax.plot(x, mean, label=label)
        if low is not None and high is not None:
            ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    if not lines:
        ax.text(0.5, 0.5, empty, transform=ax.transAxes, ha="center", va="center", color="grey")
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(x[0], x[-1])
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if lines:
        ax.legend(fontsize="small")
    return ax


def interval_rows(ax: Any, labels: Sequence[str], estimate: Sequence[float], low: Sequence[float],
                  high: Sequence[float], *, xlabel: str) -> None:
    """One row per label, top to bottom: the estimate as a point, its interval (low to high) as a bar, and a
    vertical line at zero. An interval that is NaN is not drawn."""
    estimate, low, high = (np.asarray(values, dtype=float) for values in (estimate, low, high))
    rows = np.arange(len(labels))
    errors = np.clip([estimate - low, high - estimate], 0, None)
    ax.errorbar(estimate, rows, xerr=errors, fmt="o", capsize=3)
    ax.axvline(0, color="grey", linewidth=0.8, zorder=0)
    ax.set_yticks(rows, [str(label) for label in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel(xlabel)


def differences(table: pd.DataFrame, *, title: str, ax: Any = None) -> Any:
    """Paired differences with their intervals: one row per row of `table` (columns difference, ci_low, ci_high;
    indexed by outcome, or by a MultiIndex with an `outcome` level, its levels joined in the row's label, the
    outcome left out when there is only one), one
    panel per unit of the outcomes, a line at zero. Rows whose difference is NaN are left out. `ax` only when the
    rows share one unit."""
    table = table[table["difference"].notna()]
    if table.empty:
        raise ValueError("no outcome has a defined difference to draw")
    outcomes = table.index.get_level_values("outcome") if table.index.nlevels > 1 else table.index
    units = pd.Series([unit(str(outcome)) or "outcome's unit" for outcome in outcomes], index=table.index)
    panels = list(dict.fromkeys(units))
    if ax is not None and len(panels) > 1:
        raise ValueError(f"the outcomes are in {len(panels)} units ({', '.join(panels)}), one panel each: choose "
                         "outcomes of one unit to draw on one axes, or leave out ax")
    if ax is None:
        import matplotlib.pyplot as plt

        sizes = [int((units == panel).sum()) for panel in panels]
        figure, axes = plt.subplots(len(panels), 1, squeeze=False, height_ratios=sizes, layout="constrained",
                                    figsize=(8, 0.3 * len(table) + 1.1 * len(panels) + 0.6))
        axes = list(axes[:, 0])
    else:
        figure, axes = ax.figure, [ax]
    # Rows of a single outcome are labelled by their other levels alone (the territory's name).
    shown_levels = [level for level in range(table.index.nlevels)
                    if not (table.index.nlevels > 1 and table.index.names[level] == "outcome" and len(set(outcomes)) == 1)]
    for panel_ax, panel in zip(axes, panels):
        rows = table[(units == panel).to_numpy()]
        labels = [" · ".join(str(key[level]) for level in shown_levels) if isinstance(key, tuple) else str(key)
                  for key in rows.index]
        interval_rows(panel_ax, labels, rows["difference"], rows["ci_low"], rows["ci_high"],
                      xlabel=f"variant − base ({panel})")
    if len(axes) == 1:
        axes[0].set_title(title)
        return axes[0]
    figure.suptitle(title)
    return figure


def capacity(relocations: pd.DataFrame, resources: pd.DataFrame, binding: str) -> Any:
    """Two panels: steady-state relocations per year of the programme and of each territory, and the relocations
    per year one more unit of each resource adds, each with its 95 % interval."""
    import matplotlib.pyplot as plt

    rows = max(len(relocations), len(resources))
    figure, (left, right) = plt.subplots(1, 2, figsize=(14, 0.3 * rows + 1.8), width_ratios=(2, 3),
                                         layout="constrained")
    interval_rows(left, relocations["name"], relocations["per_year"], relocations["ci_low"], relocations["ci_high"],
                  xlabel="relocations per year (households/year)")
    left.set_title("Steady-state relocations")
    labels = [f"{resource.replace('_', ' ')}, {name} ({more})" for resource, name, more
              in zip(resources["resource"], resources["territory_name"], resources["unit"])]
    interval_rows(right, labels, resources["gain_per_year"], resources["ci_low"], resources["ci_high"],
                  xlabel="relocations gained per year (households/year)")
    right.set_title("Gain from one more unit of a resource")
    figure.suptitle(f"Capacity (means and 95 % intervals); binding constraint: {binding}")
    return figure


def _rows_of(table: pd.DataFrame, outcome: str) -> pd.DataFrame:
    rows = table[table["outcome"] == outcome]
    if rows.empty:
        raise KeyError(f"no outcome {outcome}; outcomes: {', '.join(dict.fromkeys(table['outcome']))}")
    return rows


def morris(effects: pd.DataFrame, outcome: str, ax: Any = None) -> Any:
    """Morris screening of one outcome: each lever at (μ*, σ), labelled, with the bootstrap intervals of both when
    the table has them, and the line σ = μ*."""
    rows = _rows_of(effects, outcome)
    ax = _new_axes(ax, (7, 5))
    x, y = rows["mu_star"].to_numpy(), rows["sigma"].to_numpy()
    if {"mu_star_low", "mu_star_high", "sigma_low", "sigma_high"} <= set(rows.columns):
        ax.errorbar(x, y, fmt="o", capsize=3,
                    xerr=np.clip([x - rows["mu_star_low"], rows["mu_star_high"] - x], 0, None),
                    yerr=np.clip([y - rows["sigma_low"], rows["sigma_high"] - y], 0, None))
    else:
        ax.plot(x, y, "o")
    for lever, at_x, at_y in zip(rows["lever"], x, y):
        ax.annotate(lever, (at_x, at_y), xytext=(5, 5), textcoords="offset points", fontsize="small")
    top = float(np.nanmax(np.concatenate([x, y, [0.0]]))) or 1.0
    ax.plot([0, top], [0, top], linestyle="--", color="grey", linewidth=0.8, label="σ = μ*")
    counted = unit(outcome) or "outcome's unit"
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(f"μ*: mean absolute elementary effect ({counted} per lever range)")
    ax.set_ylabel(f"σ: standard deviation of the elementary effects ({counted} per lever range)")
    ax.set_title(f"Morris screening: {outcome}")
    ax.legend(fontsize="small")
    return ax


def sobol(indices: pd.DataFrame, outcome: str, ax: Any = None) -> Any:
    """Sobol' indices of one outcome: per parameter, bars of its first-order and total indices with their bootstrap
    intervals."""
    rows = _rows_of(indices, outcome)
    ax = _new_axes(ax, (8, 0.6 * len(rows) + 1.5))
    positions = np.arange(len(rows))
    height = 0.4
    for offset, index, name in ((-height / 2, "first", "first order"), (height / 2, "total", "total")):
        value = rows[index].to_numpy()
        errors = np.clip([value - rows[f"{index}_low"], rows[f"{index}_high"] - value], 0, None)
        ax.barh(positions + offset, value, height, xerr=errors, capsize=3, label=name)
    ax.set_yticks(positions, list(rows["parameter"]))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("share of the outcome's variance")
    ax.set_title(f"Sobol' indices: {outcome} (95 % bootstrap intervals)")
    ax.legend(fontsize="small")
    return ax
