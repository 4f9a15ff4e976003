"""Results: a results file (docs/output-format.md) read with h5py into tidy pandas DataFrames, and plotted.

Codes stored in the file (stages, sectors, territory rows) come back as names, through the file's own
/stages, /sectors and /territories tables — a territory row as its `territory` code followed by its
`territory_name`; dates as pandas Timestamps; per-replication counts as integers.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import h5py
import numpy as np
import pandas as pd

from . import _core, _plots
from ._analysis_files import ANALYSIS_FILES, AnalysisFile, ResultsFile

Metrics = Union[str, Iterable[str], None]
Territories = Union[str, Iterable[str], None]
QUANTILES = (0.05, 0.5, 0.95)  # those /ensemble stores


def open(path: Union[str, os.PathLike]) -> Union["Results", AnalysisFile]:
    """Opens a results file of any kind: a `Results` for a file of `emile run` or emile.run, a `ComparisonFile`,
    `SweepFile`, `CapacityFile` or `SensitivityFile` for one of `emile compare`, `sweep`, `capacity` or
    `sensitivity`, each with a DataFrame per table.

    Raises FileNotFoundError when it does not exist and ResultsFileError (an OSError) naming the file, and the
    object at fault, when it is not a complete emile results file in the layout of docs/output-format.md: not
    HDF5, empty or truncated, no `schema_version` attribute, a layout this reader does not read (naming both
    versions), or a group or dataset missing or of the wrong shape or type.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such results file")
    analysis = _core.check_results_file(path)
    return Results(path) if analysis == "run" else ANALYSIS_FILES[analysis](path)


@contextlib.contextmanager
def _refused_as_damage(path: Path, name: str) -> Iterator[None]:
    """Values that passed the layout check but cannot be read or make no sense — a date that is not one, a stage
    code past the stages, a territory row past the territories — are damage: ResultsFileError naming the file and
    the object, as for every other fault of a results file."""
    try:
        yield
    except _core.ResultsFileError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, UnicodeError, OSError) as error:
        raise _core.ResultsFileError(f"{path}: {name}: damaged values ({type(error).__name__}: {error})") from None


class Results(ResultsFile):
    """An ensemble's results file, read on demand (each method opens the file, reads, and closes it).

    Long ("tidy") tables throughout: one row per observation, a territory as its `territory` code and its
    `territory_name` (categoricals, in row order: the origins first).
    """

    analysis = "run"

    def __init__(self, path: Union[str, os.PathLike]):
        super().__init__(path)
        self._owner: Any = None  # a temporary folder holding the file, removed with this object
        self.scenario_toml: str = self.scenario_tomls["/scenario"]
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, "/"):
            self.dates = pd.DatetimeIndex(pd.to_datetime(file["timeseries/dates"].asstr()[()]), name="date")
            # Every metric has its statistics over replications in /ensemble; its per-replication series in
            # /timeseries from record level `series` on.
            self.metrics: List[str] = sorted(file["ensemble"].keys())
        self._territories = self.table("territories")
        self._stages = list(self.table("stages")["name"])
        self._sectors = list(self.table("sectors")["name"])
        self.territory_codes: List[str] = list(self._territories["code"])
        self.territory_names: List[str] = list(self._territories["name"])
        # territory_name columns are categoricals of the distinct names; each row's code among them, then −1 for
        # row −1 (none).
        self._name_categories = list(dict.fromkeys(self.territory_names))
        self._name_codes = np.array([self._name_categories.index(n) for n in self.territory_names] + [-1])
        self._origin_rows = np.flatnonzero(self._territories["role"].to_numpy() == "origin")

    def __repr__(self) -> str:
        return (f"<Results '{self.attrs.get('scenario')}' seed {self.attrs.get('seed')}, "
                f"{self.replications} replication(s), {len(self.dates)} steps: {self.path}>")

    # ---- reading ---------------------------------------------------------------------------------------------

    def communes(self) -> pd.DataFrame:
        """Every commune of the host territories the run was built on (results schema 2): row, territory and
        territory_name, code, name, latitude, longitude, population, hub, synthetic (1 when synthesised from the
        territory's figures). `households()["dwelling_commune"]` is a `row` of it (−1: never moved)."""
        frame = self.table("communes")
        with _refused_as_damage(self.path, "/communes"):
            return self._named(frame)

    def outcomes(self) -> pd.DataFrame:
        """What became of the households that moved (results schema 4), per replication, territory (code and
        territory_name) and mark — `follow_up_end` (the end of their follow-up) or `month_12` (12 months after their
        move): moved, employed, housed (housed, not employed), returned, censored (the run ended before the mark,
        with no return by then) and observed = moved − censored, in households. Sum over territories for the
        programme; shares are of observed."""
        frame = self.table("outcomes")
        with _refused_as_damage(self.path, "/outcomes"):
            frame = self._named(frame)
            frame["observed"] = frame["moved"] - frame["censored"]
        return frame

    def origin_host_flows(self) -> pd.DataFrame:
        """Each origin's households entering a stage in each host over the run (results schema 12), one row per
        replication, origin and host: replication, origin, origin_name, host, host_name, moved_households,
        settled_households, housed_households, returned_households. Average over replications with
        `.groupby(["origin", "host"]).mean()`; a file written before schema 12 has none (KeyError)."""
        return self._with_names(self.table("origin_host_flows"), "origin", "host")

    def origin_costs(self) -> pd.DataFrame:
        """Each origin's part of the cost (results schema 12), one row per replication and origin, then one row
        `hosts` for the host territories' caseworkers, who follow every origin's households: replication, origin,
        origin_name, caseworkers_eur, stages_eur, mobility_aid_eur, gross_eur, avoided_eur, net_eur,
        moved_households, settled_households and the per moved and per settled costs (NaN where none). Per
        replication the rows add up to `summary()`'s costs; a file written before schema 12 has none (KeyError)."""
        return self._with_names(self.table("origin_costs"), "origin")

    def table(self, name: str) -> pd.DataFrame:
        """A table of the file (territories, communes, stages, sectors, events, households, jobs, outcomes, summary,
        origin_host_flows, origin_costs; with or without the leading "/") as stored: codes as integers, strings as
        str."""
        path = "/" + name.lstrip("/")
        self._require_recorded(path)
        with _refused_as_damage(self.path, path):
            return super().table(path)

    def _with_names(self, frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
        """`frame` with a `<column>_name` after each column of territory codes in `columns` (NaN for a code that
        names no territory, such as `hosts`)."""
        names = dict(zip(self.territory_codes, self.territory_names))
        for column in columns:
            frame.insert(frame.columns.get_loc(column) + 1, f"{column}_name", frame[column].map(names))
        return frame

    def _named(self, frame: pd.DataFrame, origins_as_none: bool = False) -> pd.DataFrame:
        """`frame` with its `territory` rows as codes, followed by a `territory_name` column; `origins_as_none`: the
        origins' rows stand for none (NaN in both)."""
        rows = np.asarray(frame["territory"], dtype=np.int64)
        if origins_as_none:
            rows = np.where(np.isin(rows, self._origin_rows), -1, rows)
        frame["territory"] = pd.Categorical.from_codes(rows, categories=self.territory_codes)  # refuses bad rows
        frame.insert(frame.columns.get_loc("territory") + 1, "territory_name",
                     pd.Categorical.from_codes(self._name_codes[rows], categories=self._name_categories))
        return frame

    def _rows(self, territories: Territories) -> List[int]:
        """The rows of `territories` (a code or a list of codes; None: every row)."""
        if territories is None:
            return list(range(len(self.territory_codes)))
        codes = [territories] if isinstance(territories, str) else list(territories)
        unknown = [code for code in codes if code not in self.territory_codes]
        if unknown:
            known = ", ".join(f"{c} ({n})" for c, n in zip(self.territory_codes, self.territory_names))
            raise KeyError(f"{self.path}: no territory {', '.join(map(str, unknown))}; territories: {known}")
        return [self.territory_codes.index(code) for code in codes]

    def _step_dates(self, steps: np.ndarray) -> np.ndarray:
        """The recorded date of each step; NaT for a step outside the run (−1: none)."""
        steps = np.asarray(steps, dtype=np.int64)
        values = np.full(len(steps), np.datetime64("NaT"), dtype="datetime64[ns]")
        valid = (steps >= 0) & (steps < len(self.dates))
        values[valid] = self.dates.values[steps[valid]]
        return values

    def _metric_list(self, metric: Metrics) -> List[str]:
        names = self.metrics if metric is None else [metric] if isinstance(metric, str) else list(metric)
        unknown = [m for m in names if m not in self.metrics]
        if unknown:
            raise KeyError(f"{self.path}: no metric {', '.join(unknown)}; metrics: {', '.join(self.metrics)}")
        return names

    def _require_series(self, why: str = "") -> None:
        if not self._recorded("series"):
            raise KeyError(self._not_recorded("/timeseries", "series") + why)

    def array(self, metric: str) -> np.ndarray:
        """One metric as stored: an int64 array (replication, step, territory row). Needs record level `series`."""
        (name,) = self._metric_list(metric)
        self._require_series()
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, f"/timeseries/{name}"):
            return file["timeseries"][name][()]

    def _stored_statistics(self, name: str, labels: Sequence[str]) -> Dict[str, np.ndarray]:
        """The metric's /ensemble arrays (step, territory row): "mean" and the quantiles `labels` (q05, q50, q95)."""
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, f"/ensemble/{name}"):
            group = file["ensemble"][name]
            return {label: group[label][()] for label in ["mean", *labels]}

    def territories(self) -> pd.DataFrame:
        """The territory rows: row, code, name, role, cohort, join_date, main_residences, vacant_dwellings,
        active, unemployed, jobs (the origins first, then the hosts)."""
        frame = self._territories.copy()
        with _refused_as_damage(self.path, "/territories"):
            frame["join_date"] = pd.to_datetime(frame["join_date"])
        return frame

    def timeseries(self, metric: Metrics = None) -> pd.DataFrame:
        """The per-step metrics in long format: replication, step, date, territory, territory_name, metric, value
        (int64: the count or level of docs/output-format.md, Metrics).

        `metric` is one name, a list of names or None (every metric; see `metrics` and docs/output-format.md).
        For one column per metric: ``results.timeseries().pivot_table(index=["replication", "date",
        "territory"], columns="metric", values="value")``. Needs record level `series`.
        """
        names = self._metric_list(metric)
        self._require_series()
        parts = []
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, "/timeseries"):
            for name in names:
                values = file["timeseries"][name][()]
                replications, steps, rows = values.shape
                step = np.tile(np.repeat(np.arange(steps), rows), replications)
                parts.append(self._named(pd.DataFrame({
                    "replication": np.repeat(np.arange(replications), steps * rows),
                    "step": step,
                    "date": self.dates.values[step],
                    "territory": np.tile(np.arange(rows), replications * steps),
                    "metric": name,
                    "value": values.reshape(-1),
                })))
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["replication", "step", "date", "territory", "territory_name", "metric", "value"])
        frame["metric"] = pd.Categorical(frame["metric"], categories=names)
        return frame

    def ensemble(self, metric: Metrics = None, quantiles: Sequence[float] = QUANTILES) -> pd.DataFrame:
        """Each metric's distribution over replications, per step and territory: metric, step, date, territory,
        territory_name, mean, then one column per quantile (q05, q50, q95 by default; NumPy's linear
        interpolation), in the metric's unit (floats).

        Other quantiles than the file's own (/ensemble: 5, 50 and 95 %) are computed from the replications' series
        and need record level `series`."""
        names = self._metric_list(metric)
        labels = [_quantile_label(q) for q in quantiles]
        stored = set(quantiles) <= set(QUANTILES)
        if not stored:
            self._require_series()
        parts = []
        for name in names:
            statistics = (self._stored_statistics(name, labels) if stored
                          else _statistics(self.array(name), quantiles))
            steps, rows = statistics["mean"].shape
            columns = {
                "metric": name,
                "step": np.repeat(np.arange(steps), rows),
                "date": np.repeat(self.dates.values, rows),
                "territory": np.tile(np.arange(rows), steps),
            }
            columns.update({label: values.reshape(-1) for label, values in statistics.items()})
            with _refused_as_damage(self.path, f"/ensemble/{name}"):
                parts.append(self._named(pd.DataFrame(columns)))
        frame = pd.concat(parts, ignore_index=True)
        frame["metric"] = pd.Categorical(frame["metric"], categories=names)
        return frame

    def band(self, metric: str, cumulative: bool = False, quantiles: Sequence[float] = QUANTILES,
             territories: Territories = None) -> pd.DataFrame:
        """The metric summed over territories — every row, the origins' included, or the codes in `territories` —
        in each replication, then its mean and quantiles over replications per step: a DataFrame indexed by date
        with mean, then q05, q50, q95 (by default; NumPy's linear interpolation), in the metric's unit.

        With `cumulative`, each replication's running total over the steps first: the quantiles are those of the
        running totals, not running totals of quantiles (which would not be the quantiles of anything). Needs record
        level `series` (the quantiles of a sum come from the replications, not from /ensemble)."""
        (name,) = self._metric_list(metric)
        rows = self._rows(territories)
        self._require_series("; the quantiles of a sum over territories come from each replication's series")
        values = self.array(name)[:, :, rows].sum(axis=2)
        return pd.DataFrame(_statistics(values.cumsum(axis=1) if cumulative else values, quantiles),
                            index=self.dates)

    def plot(self, metric: str, by: Optional[str] = "territory", bands: bool = True, cumulative: bool = False,
             ax: Any = None, territories: Territories = None) -> Any:
        """Draws one metric over time and returns the matplotlib Axes: the mean over replications, with a band from
        the 5 % to the 95 % quantile (`bands`); the x axis in dates, the y axis in the metric's unit (per step for a
        flow such as `moved_households`, at the end of each step for a level such as `caseworker_queue`; a running
        total over the steps with `cumulative`).

        `by="territory"`: one line per territory, labelled with its name — the territories of `territories` (codes),
        by default every row, the origins' included, whose metric is not zero at every step in every replication.
        Bands from /ensemble; cumulative bands from the replications' running totals (record level `series`).

        `by="programme"` (or None): one line, the sum over `territories` (default: every row), its band the
        quantiles of the replications' sums (`band()`), so it needs record level `series`: on a `summary` file,
        draw the mean alone with ``bands=False``.

        Draws on `ax` when given, else on a new figure."""
        (name,) = self._metric_list(metric)
        if by not in ("territory", "programme", None):
            raise ValueError(f"by must be 'territory', 'programme' or None, not {by!r}")
        if bands and (cumulative or by != "territory"):
            self._require_series(f"; the bands of {'running totals' if cumulative else 'sums over territories'} "
                                 "come from each replication's series; plot(..., bands=False) draws the mean alone")
        if by == "territory":
            lines, where = self._territory_lines(name, territories, bands, cumulative), "per territory"
        else:
            where = ("all territories" if territories is None
                     else _plots.labels_of([self.territory_names[row] for row in self._rows(territories)]))
            lines = [(where, *self._programme_line(name, territories, bands, cumulative))]
        shown = f"mean and 5–95 % over {self.replications} replications" if bands else "mean over replications"
        return _plots.time_series(
            lines, self.dates, ax=ax,
            ylabel=_plots.metric_label(name, int(self.attrs["step_days"]), cumulative),
            title=f"{name}{', cumulative' if cumulative else ''}, {where}\n"
                  f"{_plots.period(pd.Timestamp(self.attrs['start_date']), self.dates[-1])}: {shown}",
            empty="zero at every step in every territory")

    def _territory_lines(self, name: str, territories: Territories, bands: bool, cumulative: bool) -> List[_plots.Line]:
        """plot()'s lines by territory: (name, mean, q05, q95) per territory, q05 and q95 None without bands."""
        stored = self._stored_statistics(name, ["q05", "q95"] if bands and not cumulative else [])
        mean = stored["mean"]
        rows = (self._rows(territories) if territories is not None
                else [row for row in range(mean.shape[1]) if mean[:, row].any()])
        series = self.array(name) if bands and cumulative else None
        lines = []
        for row in rows:
            if series is not None:
                running = _statistics(series[:, :, row].cumsum(axis=1), (0.05, 0.95))
                line = (running["mean"], running["q05"], running["q95"])
            elif bands:
                line = (mean[:, row], stored["q05"][:, row], stored["q95"][:, row])
            else:
                line = (mean[:, row].cumsum() if cumulative else mean[:, row], None, None)
            lines.append((self.territory_names[row], *line))
        return lines

    def _programme_line(self, name: str, territories: Territories, bands: bool,
                        cumulative: bool) -> Tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]:
        """plot()'s line of the sum over territories: mean, q05, q95 (None without bands)."""
        if bands:
            band = self.band(name, cumulative, (0.05, 0.95), territories)
            return band["mean"].to_numpy(), band["q05"].to_numpy(), band["q95"].to_numpy()
        total = self._stored_statistics(name, [])["mean"][:, self._rows(territories)].sum(axis=1)
        return total.cumsum() if cumulative else total, None, None

    def events(self) -> pd.DataFrame:
        """Every stage change: replication, step, date, household, from, to (stage names), territory and
        territory_name (the row the change is attributed to: the host from the proposal on, its origin before),
        queued_step (the step it joined, in `from`, the queue for the resource it waited for; −1 if it did not
        queue; files of schema 5 on)."""
        events = self.table("events")
        stages = lambda codes: pd.Categorical.from_codes(codes.astype(np.int64), categories=self._stages)
        with _refused_as_damage(self.path, "/events"):
            frame = self._named(pd.DataFrame({
                "replication": events["replication"],
                "step": events["step"],
                "date": self._step_dates(events["step"]),
                "household": events["household"],
                "from": stages(events["from"]),
                "to": stages(events["to"]),
                "territory": events["territory"],
            }))
            if "queued_step" in events:
                frame["queued_step"] = events["queued_step"]
            return frame

    def households(self) -> pd.DataFrame:
        """One row per household and replication: as stored, with origin as its origin's code (files of schema 12
        on), skill as a sector name, territory as the host's code followed by its territory_name (NaN when none was
        proposed), final_stage as a stage name and licence, car, visited, licence_aid and car_aid as booleans."""
        frame = self.table("households")
        with _refused_as_damage(self.path, "/households"):
            if "origin" in frame:
                frame["origin"] = pd.Categorical.from_codes(frame["origin"].astype(np.int64),
                                                            categories=self.territory_codes)
            frame["skill"] = pd.Categorical.from_codes(frame["skill"].astype(np.int64), categories=self._sectors)
            frame = self._named(frame, origins_as_none=True)
            frame["final_stage"] = pd.Categorical.from_codes(frame["final_stage"].astype(np.int64),
                                                             categories=self._stages)
            for flag in ("licence", "car", "visited", "licence_aid", "car_aid"):
                frame[flag] = frame[flag].astype(bool)
        return frame

    def jobs(self) -> pd.DataFrame:
        """Every job spell after a move: as stored, with territory as a code followed by its territory_name, and
        start_date, end_date (the recorded dates of start_step and end_step; NaT while ongoing)."""
        frame = self.table("jobs")
        with _refused_as_damage(self.path, "/jobs"):
            frame = self._named(frame)
            frame["start_date"] = self._step_dates(frame["start_step"])
            frame["end_date"] = self._step_dates(frame["end_step"])
        return frame

    def summary(self) -> pd.DataFrame:
        """Headline outcomes per replication (totals over the run), first_visit_date as a date (NaT if none).

        Counts — the columns ending in `_households` or `_persons` — are int64 (stored as float64 with the shares
        and costs); shares and costs stay float64."""
        frame = self.table("summary")
        with _refused_as_damage(self.path, "/summary"):
            dates = frame["first_visit_date"]
            frame["first_visit_date"] = pd.to_datetime(dates.where(dates != ""))
        for column in frame.columns:
            values = frame[column].to_numpy()
            if (column.endswith(("_households", "_persons")) and values.dtype.kind == "f"
                    and np.isfinite(values).all() and (values == np.round(values)).all()):
                frame[column] = values.astype(np.int64)
        return frame


def _quantile_label(quantile: float) -> str:
    """The column of a quantile: q05 for 0.05."""
    return f"q{round(quantile * 100):02d}"


def _statistics(values: np.ndarray, quantiles: Sequence[float]) -> Dict[str, np.ndarray]:
    """Over the first axis of `values` (replications): "mean", then each quantile by its label (q05…)."""
    values = values.astype(float)
    return {"mean": values.mean(axis=0),
            **dict(zip(map(_quantile_label, quantiles), np.quantile(values, list(quantiles), axis=0)))}
