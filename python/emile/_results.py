"""Results: a results file (docs/output-format.md) read with h5py into tidy pandas DataFrames.

Codes stored in the file (stages, sectors, territory rows) come back as names, through the file's own
/stages, /sectors and /territories tables; dates as pandas Timestamps.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

import h5py
import numpy as np
import pandas as pd

from . import _core

Metrics = Union[str, Iterable[str], None]


def open(path: Union[str, os.PathLike]) -> "Results":
    """Opens a results file written by `emile run` or emile.run.

    Raises FileNotFoundError when it does not exist and ResultsFileError (an OSError) naming the file, and the
    object at fault, when it is not a complete results file of `emile run` in the layout of
    docs/output-format.md: not HDF5, empty or truncated, no `schema_version` attribute, a newer layout than this
    reader's, a file written by an analysis, or a group or dataset missing or of the wrong shape or type.
    """
    return Results(path)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


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


def _column(dataset: h5py.Dataset) -> np.ndarray:
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return dataset.asstr()[()]
    return dataset[()]


class Results:
    """An ensemble's results file, read on demand (each method opens the file, reads, and closes it).

    Long ("tidy") tables throughout: one row per observation, `territory` as the territory's code.
    """

    def __init__(self, path: Union[str, os.PathLike]):
        self.path = Path(path)
        self._owner: Any = None  # a temporary folder holding the file, removed with this object
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such results file")
        _core.check_results_file(self.path)  # the whole layout, as `emile info` checks it
        try:
            file = h5py.File(self.path, "r")
        except OSError as error:
            raise _core.ResultsFileError(f"{self.path}: cannot open as HDF5 ({error})") from None
        with file, _refused_as_damage(self.path, "/"):
            self.attrs: Dict[str, Any] = {k: _plain(v) for k, v in file.attrs.items()}
            self.scenario_toml: str = file["scenario"][()].decode("utf-8")
            self.dates = pd.DatetimeIndex(pd.to_datetime(file["timeseries/dates"].asstr()[()]), name="date")
            self.metrics: List[str] = sorted(k for k in file["timeseries"].keys() if k != "dates")
            self._territories = self._read_table(file, "territories")
            self._stages = list(self._read_table(file, "stages")["name"])
            self._sectors = list(self._read_table(file, "sectors")["name"])
        self.territory_codes: List[str] = list(self._territories["code"])

    def __repr__(self) -> str:
        return (f"<Results '{self.attrs.get('scenario')}' seed {self.attrs.get('seed')}, "
                f"{self.replications} replication(s), {len(self.dates)} steps: {self.path}>")

    @property
    def replications(self) -> int:
        return int(self.attrs["replications"])

    @property
    def seed(self) -> int:
        return int(self.attrs["seed"])

    # ---- reading ---------------------------------------------------------------------------------------------

    @staticmethod
    def _read_table(file: h5py.File, name: str) -> pd.DataFrame:
        group = file[name]
        columns = group.attrs["columns"]
        columns = columns.decode() if isinstance(columns, bytes) else columns
        return pd.DataFrame({c: _column(group[c]) for c in columns.split(",")})

    def communes(self) -> pd.DataFrame:
        """Every commune of the host territories the run was built on (results schema 2): row, territory (its
        code), code, name, latitude, longitude, population, hub, synthetic (1 when synthesised from the
        territory's figures). `households()["dwelling_commune"]` is a `row` of it (−1: never moved)."""
        frame = self.table("communes")
        with _refused_as_damage(self.path, "/communes"):
            frame["territory"] = self._codes(frame["territory"])
        return frame

    def table(self, name: str) -> pd.DataFrame:
        """A table of the file (territories, stages, sectors, events, households, jobs, summary) as stored: codes
        as integers, strings as str."""
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, f"/{name}"):
            return self._read_table(file, name)

    def _codes(self, rows: np.ndarray, missing_row: Optional[int] = None) -> pd.Categorical:
        codes = np.asarray(rows, dtype=np.int64)
        if missing_row is not None:
            codes = np.where(codes == missing_row, -1, codes)
        return pd.Categorical.from_codes(codes, categories=self.territory_codes)

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

    def array(self, metric: str) -> np.ndarray:
        """One metric as stored: an int64 array (replication, step, territory row)."""
        (name,) = self._metric_list(metric)
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, f"/timeseries/{name}"):
            return file["timeseries"][name][()]

    def territories(self) -> pd.DataFrame:
        """The territory rows: row, code, name, role, cohort, join_date, main_residences, vacant_dwellings,
        active, unemployed, jobs (row 0 is the origin)."""
        frame = self._territories.copy()
        with _refused_as_damage(self.path, "/territories"):
            frame["join_date"] = pd.to_datetime(frame["join_date"])
        return frame

    def timeseries(self, metric: Metrics = None) -> pd.DataFrame:
        """The per-step metrics in long format: replication, step, date, territory, metric, value.

        `metric` is one name, a list of names or None (every metric; see `metrics` and docs/output-format.md).
        For one column per metric: ``results.timeseries().pivot_table(index=["replication", "date",
        "territory"], columns="metric", values="value")``.
        """
        names = self._metric_list(metric)
        parts = []
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, "/timeseries"):
            for name in names:
                values = file["timeseries"][name][()]
                replications, steps, rows = values.shape
                step = np.tile(np.repeat(np.arange(steps), rows), replications)
                parts.append(pd.DataFrame({
                    "replication": np.repeat(np.arange(replications), steps * rows),
                    "step": step,
                    "date": self.dates.values[step],
                    "territory": self._codes(np.tile(np.arange(rows), replications * steps)),
                    "metric": name,
                    "value": values.reshape(-1),
                }))
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["replication", "step", "date", "territory", "metric", "value"])
        frame["metric"] = pd.Categorical(frame["metric"], categories=names)
        return frame

    def ensemble(self, metric: Metrics = None, quantiles: Sequence[float] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
        """Each metric's distribution over replications, per step and territory: metric, step, date, territory,
        mean, then one column per quantile (q05, q50, q95 by default; NumPy's linear interpolation)."""
        names = self._metric_list(metric)
        labels = [f"q{round(q * 100):02d}" for q in quantiles]
        parts = []
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, "/timeseries"):
            for name in names:
                values = file["timeseries"][name][()].astype(float)
                _, steps, rows = values.shape
                columns = {
                    "metric": name,
                    "step": np.repeat(np.arange(steps), rows),
                    "date": np.repeat(self.dates.values, rows),
                    "territory": self._codes(np.tile(np.arange(rows), steps)),
                    "mean": values.mean(axis=0).reshape(-1),
                }
                bands = np.quantile(values, list(quantiles), axis=0)
                for label, band in zip(labels, bands):
                    columns[label] = band.reshape(-1)
                parts.append(pd.DataFrame(columns))
        frame = pd.concat(parts, ignore_index=True)
        frame["metric"] = pd.Categorical(frame["metric"], categories=names)
        return frame

    def events(self) -> pd.DataFrame:
        """Every stage change: replication, step, date, household, from, to (stage names), territory (the row the
        change is attributed to: the host from the proposal on, the origin before)."""
        events = self.table("events")
        stages = lambda codes: pd.Categorical.from_codes(codes.astype(np.int64), categories=self._stages)
        with _refused_as_damage(self.path, "/events"):
            return pd.DataFrame({
                "replication": events["replication"],
                "step": events["step"],
                "date": self._step_dates(events["step"]),
                "household": events["household"],
                "from": stages(events["from"]),
                "to": stages(events["to"]),
                "territory": self._codes(events["territory"]),
            })

    def households(self) -> pd.DataFrame:
        """One row per household and replication: as stored, with skill as a sector name, territory as the host
        code (NaN when none was proposed), final_stage as a stage name and licence, car, visited as booleans."""
        frame = self.table("households")
        with _refused_as_damage(self.path, "/households"):
            frame["skill"] = pd.Categorical.from_codes(frame["skill"].astype(np.int64), categories=self._sectors)
            frame["territory"] = self._codes(frame["territory"], missing_row=0)
            frame["final_stage"] = pd.Categorical.from_codes(frame["final_stage"].astype(np.int64),
                                                             categories=self._stages)
            for flag in ("licence", "car", "visited"):
                frame[flag] = frame[flag].astype(bool)
        return frame

    def jobs(self) -> pd.DataFrame:
        """Every job spell after a move: as stored, with territory as a code and start_date, end_date (the
        recorded dates of start_step and end_step; NaT while ongoing)."""
        frame = self.table("jobs")
        with _refused_as_damage(self.path, "/jobs"):
            frame["territory"] = self._codes(frame["territory"])
            frame["start_date"] = self._step_dates(frame["start_step"])
            frame["end_date"] = self._step_dates(frame["end_step"])
        return frame

    def summary(self) -> pd.DataFrame:
        """Headline outcomes per replication (totals over the run), first_visit_date as a date (NaT if none)."""
        frame = self.table("summary")
        with _refused_as_damage(self.path, "/summary"):
            dates = frame["first_visit_date"]
            frame["first_visit_date"] = pd.to_datetime(dates.where(dates != ""))
        return frame
