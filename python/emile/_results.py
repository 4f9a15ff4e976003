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
from ._analysis_files import ANALYSIS_FILES, AnalysisFile, ResultsFile

Metrics = Union[str, Iterable[str], None]


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

    Long ("tidy") tables throughout: one row per observation, `territory` as the territory's code.
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

    def __repr__(self) -> str:
        return (f"<Results '{self.attrs.get('scenario')}' seed {self.attrs.get('seed')}, "
                f"{self.replications} replication(s), {len(self.dates)} steps: {self.path}>")

    # ---- reading ---------------------------------------------------------------------------------------------

    def communes(self) -> pd.DataFrame:
        """Every commune of the host territories the run was built on (results schema 2): row, territory (its
        code), code, name, latitude, longitude, population, hub, synthetic (1 when synthesised from the
        territory's figures). `households()["dwelling_commune"]` is a `row` of it (−1: never moved)."""
        frame = self.table("communes")
        with _refused_as_damage(self.path, "/communes"):
            frame["territory"] = self._codes(frame["territory"])
        return frame

    def outcomes(self) -> pd.DataFrame:
        """What became of the households that moved (results schema 4), per replication, territory (its code) and
        mark — `follow_up_end` (the end of their follow-up) or `month_12` (12 months after their move): moved,
        employed, housed (housed, not employed), returned, censored (the run ended before the mark, with no return
        by then) and observed = moved − censored. Sum over territories for the programme; shares are of observed."""
        frame = self.table("outcomes")
        with _refused_as_damage(self.path, "/outcomes"):
            frame["territory"] = self._codes(frame["territory"])
            frame["observed"] = frame["moved"] - frame["censored"]
        return frame

    def table(self, name: str) -> pd.DataFrame:
        """A table of the file (territories, communes, stages, sectors, events, households, jobs, outcomes, summary; with or
        without the leading "/") as stored: codes as integers, strings as str."""
        path = "/" + name.lstrip("/")
        self._require_recorded(path)
        with _refused_as_damage(self.path, path):
            return super().table(path)

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

    def _require_series(self) -> None:
        if not self._recorded("series"):
            raise KeyError(self._not_recorded("/timeseries", "series"))

    def array(self, metric: str) -> np.ndarray:
        """One metric as stored: an int64 array (replication, step, territory row). Needs record level `series`."""
        (name,) = self._metric_list(metric)
        self._require_series()
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
        mean, then one column per quantile (q05, q50, q95 by default; NumPy's linear interpolation).

        Other quantiles than the file's own (/ensemble: 5, 50 and 95 %) are computed from the replications' series
        and need record level `series`."""
        names = self._metric_list(metric)
        labels = [f"q{round(q * 100):02d}" for q in quantiles]
        stored = set(quantiles) <= {0.05, 0.5, 0.95}
        if not stored:
            self._require_series()
        parts = []
        with h5py.File(self.path, "r") as file, _refused_as_damage(self.path, "/ensemble"):
            for name in names:
                if stored:
                    group = file["ensemble"][name]
                    mean = group["mean"][()]
                    bands = [group[label][()] for label in labels]
                else:
                    values = file["timeseries"][name][()].astype(float)
                    mean = values.mean(axis=0)
                    bands = list(np.quantile(values, list(quantiles), axis=0))
                steps, rows = mean.shape
                columns = {
                    "metric": name,
                    "step": np.repeat(np.arange(steps), rows),
                    "date": np.repeat(self.dates.values, rows),
                    "territory": self._codes(np.tile(np.arange(rows), steps)),
                    "mean": mean.reshape(-1),
                }
                for label, band in zip(labels, bands):
                    columns[label] = band.reshape(-1)
                parts.append(pd.DataFrame(columns))
        frame = pd.concat(parts, ignore_index=True)
        frame["metric"] = pd.Categorical(frame["metric"], categories=names)
        return frame

    def events(self) -> pd.DataFrame:
        """Every stage change: replication, step, date, household, from, to (stage names), territory (the row the
        change is attributed to: the host from the proposal on, the origin before), queued_step (the step it joined,
        in `from`, the queue for the resource it waited for; −1 if it did not queue; files of schema 5 on)."""
        events = self.table("events")
        stages = lambda codes: pd.Categorical.from_codes(codes.astype(np.int64), categories=self._stages)
        with _refused_as_damage(self.path, "/events"):
            frame = pd.DataFrame({
                "replication": events["replication"],
                "step": events["step"],
                "date": self._step_dates(events["step"]),
                "household": events["household"],
                "from": stages(events["from"]),
                "to": stages(events["to"]),
                "territory": self._codes(events["territory"]),
            })
            if "queued_step" in events:
                frame["queued_step"] = events["queued_step"]
            return frame

    def households(self) -> pd.DataFrame:
        """One row per household and replication: as stored, with skill as a sector name, territory as the host
        code (NaN when none was proposed), final_stage as a stage name and licence, car, visited, licence_aid and
        car_aid as booleans."""
        frame = self.table("households")
        with _refused_as_damage(self.path, "/households"):
            frame["skill"] = pd.Categorical.from_codes(frame["skill"].astype(np.int64), categories=self._sectors)
            frame["territory"] = self._codes(frame["territory"], missing_row=0)
            frame["final_stage"] = pd.Categorical.from_codes(frame["final_stage"].astype(np.int64),
                                                             categories=self._stages)
            for flag in ("licence", "car", "visited", "licence_aid", "car_aid"):
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
