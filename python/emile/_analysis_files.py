"""Results files of every kind, and those of the analyses (`emile compare`, `sweep`, `capacity`, `sensitivity`,
`calibrate`), read into DataFrames.

Each kind of file holds the tables its declaration lists (`emile tables`, docs/output-format.md); every table is
read through that declaration, so a column renamed since an older file was written comes back under its current
name, and the DataFrames are the ones the analyses return in Python (emile.compare, emile.capacity…).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Union

import h5py
import pandas as pd

from . import _core


def _declarations(analysis: str) -> Dict[str, Any]:
    for kind in _core.results_kinds():
        if kind["analysis"] == analysis:
            return kind
    raise KeyError(analysis)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value.item() if hasattr(value, "item") else value


class ResultsFile:
    """A results file of the kind `analysis` names (`run`, `compare`…), its layout checked as `emile info` checks
    it. `attrs` holds its root attributes (provenance and the kind's settings), `tables` the paths of its declared
    tables, `scenario_tomls` each scenario text by path; `table(path)` reads a table."""

    analysis = ""

    def __init__(self, path: Union[str, os.PathLike]):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no such results file")
        found = _core.check_results_file(self.path)
        if found != self.analysis:
            raise _core.ResultsFileError(f"{self.path}: written by `emile {found}`, not by `emile {self.analysis}`; "
                                         "emile.open reads any kind")
        self._kind = _declarations(self.analysis)
        try:
            file = h5py.File(self.path, "r")
        except OSError as error:
            raise _core.ResultsFileError(f"{self.path}: cannot open as HDF5 ({error})") from None
        with file:
            self.attrs: Dict[str, Any] = {k: _plain(v) for k, v in file.attrs.items()}
            version = int(self.attrs["schema_version"])
            # What the file holds of each replication (run files; `full` for every other kind and older files).
            self.record: str = str(self.attrs.get("record", "full"))
            self.tables: List[str] = [t["path"] for t in self._kind["tables"]
                                      if version >= t["since"] and self._recorded(t["recorded_from"])]
            self.scenario_tomls: Dict[str, str] = {text: file[text][()].decode("utf-8") for text in self._kind["texts"]}

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} '{self.attrs.get('scenario')}' seed {self.attrs.get('seed')}, "
                f"{self.replications} replication(s): {self.path}>")

    def _recorded(self, level: str) -> bool:
        """Whether the file's record level includes what is recorded from `level` on."""
        return _core.record_levels.index(self.record) >= _core.record_levels.index(level)

    def _require_recorded(self, path: str) -> None:
        """Raises KeyError when the declared table `path` is not recorded at the file's record level."""
        declared = next((t for t in self._kind["tables"] if t["path"] == path), None)
        if declared is not None and not self._recorded(declared["recorded_from"]):
            raise KeyError(self._not_recorded(path, declared["recorded_from"]))

    def _not_recorded(self, what: str, level: str) -> str:
        return (f"{self.path}: {what} is not in this file: it was written with record level '{self.record}', and "
                f"{what} is recorded from '{level}' on (emile run --record {level}, emile.run(record='{level}'))")

    @property
    def replications(self) -> int:
        return int(self.attrs["replications"])

    @property
    def seed(self) -> int:
        return int(self.attrs["seed"])

    def table(self, path: str) -> pd.DataFrame:
        """A declared table of the file (e.g. "/comparison"), column for column as stored, strings as str, columns
        renamed since the file was written under their current names."""
        self._require_recorded(path)
        declared = next((t for t in self._kind["tables"] if t["path"] == path), None)
        if declared is None or path not in self.tables:
            raise KeyError(f"{self.path}: no table {path}; tables: {', '.join(self.tables)}")
        version = int(self.attrs["schema_version"])
        current = {c["renamed_from"]: c["name"] for c in declared["columns"]
                   if c["renamed_in"] is not None and version < c["renamed_in"]}
        with h5py.File(self.path, "r") as file:
            group = file[path]
            data = {}
            for name in _plain(group.attrs["columns"]).split(","):
                dataset = group[name]
                values = dataset.asstr()[()] if h5py.check_string_dtype(dataset.dtype) is not None else dataset[()]
                data[current.get(name, name)] = values
        return pd.DataFrame(data)


class AnalysisFile(ResultsFile):
    """A results file written by an analysis (`emile compare`, `sweep`, `capacity`, `sensitivity`)."""


class ComparisonFile(AnalysisFile):
    """A file of `emile compare` (or emile.compare's output)."""

    analysis = "compare"

    @property
    def comparison(self) -> pd.DataFrame:
        """Indexed by outcome: base_mean, variant_mean, difference, ci_low, ci_high — as emile.compare returns it."""
        return self.table("/comparison").set_index("outcome")

    @property
    def paired_differences(self) -> pd.DataFrame:
        """One row per replication: replication, then each outcome's variant − base difference."""
        return self.table("/paired_differences")


class SweepFile(AnalysisFile):
    """A file of `emile sweep`."""

    analysis = "sweep"

    @property
    def points(self) -> pd.DataFrame:
        """One row per grid point: point, then each varied key's value (TOML text)."""
        return self.table("/sweep/points")

    @property
    def summary(self) -> pd.DataFrame:
        """One row per point and replication: point, replication, every headline outcome."""
        return self.table("/sweep/summary")

    @property
    def means(self) -> pd.DataFrame:
        """One row per point: point, the mean over replications of every headline outcome."""
        return self.table("/sweep/means")


class CapacityFile(AnalysisFile):
    """A file of `emile capacity`."""

    analysis = "capacity"

    @property
    def relocations(self) -> pd.DataFrame:
        """territory, name, per_year, ci_low, ci_high ('all' first) — as emile.capacity returns it."""
        return self.table("/capacity/relocations")

    @property
    def resources(self) -> pd.DataFrame:
        """resource, territory, unit, mean_wait_weeks, mean_queue_weeks, gain_per_year, ci_low, ci_high, key,
        base_value, value."""
        return self.table("/capacity/resources")

    @property
    def binding(self) -> str:
        """The binding constraint, or 'none'."""
        with h5py.File(self.path, "r") as file:
            return _plain(file["capacity"].attrs["binding"])

    def as_dict(self) -> Dict[str, Any]:
        """{'relocations', 'resources', 'binding'}: what emile.capacity returns."""
        return {"relocations": self.relocations, "resources": self.resources, "binding": self.binding}


class SensitivityFile(AnalysisFile):
    """A file of `emile sensitivity`."""

    analysis = "sensitivity"

    @property
    def effects(self) -> pd.DataFrame:
        """lever, outcome, mu, mu_star, sigma — as emile.sensitivity returns it."""
        return self.table("/sensitivity/effects")

    @property
    def design(self) -> pd.DataFrame:
        """The Morris design: trajectory, point, changed, direction, x:<lever> and <lever> per lever, the outcomes."""
        return self.table("/sensitivity/design")


class SobolFile(AnalysisFile):
    """A file of `emile sensitivity --method sobol`."""

    analysis = "sobol"

    @property
    def indices(self) -> pd.DataFrame:
        """parameter, outcome, first, first_low, first_high, total, total_low, total_high — as
        emile.sensitivity(method="sobol") returns it."""
        return self.table("/sobol/indices")

    @property
    def design(self) -> pd.DataFrame:
        """The Saltelli design: point, each parameter's value, each outcome."""
        return self.table("/sobol/design")


class CalibrationFile(AnalysisFile):
    """A file of `emile calibrate` (or emile.calibrate's output): a posterior over the scenario's uncertain
    parameters given observed targets."""

    analysis = "calibrate"

    def posterior(self) -> pd.DataFrame:
        """The last generation's particles: one column per uncertain parameter, then weight (normalised),
        distance, and fit:<target> (each target's simulated value, mean over replicates)."""
        particles = self.particles()
        last = particles[particles["generation"] == particles["generation"].max()]
        return last.drop(columns=["generation", "particle"]).reset_index(drop=True)

    def particles(self) -> pd.DataFrame:
        """Every generation's particles: generation, particle, proposal, weight, distance, each parameter, each fit."""
        return self.table("/calibration/particles")

    def generations(self) -> pd.DataFrame:
        """One row per generation: generation, tolerance, proposals, accepted, acceptance, ess."""
        return self.table("/calibration/generations").set_index("generation")

    def parameters(self) -> pd.DataFrame:
        """Indexed by key: the prior (prior, low, high, integer, prior_mean, prior_sd) and the posterior
        (posterior_mean, posterior_sd, q05, q50, q95: the 90 % credible interval and median)."""
        return self.table("/calibration/parameters").set_index("key")

    def targets(self) -> pd.DataFrame:
        """Indexed by target name: what was observed (statistic, flow, unit, territory, date, observed, tolerance,
        source) and the posterior's simulated values (q05, q50, q95)."""
        return self.table("/calibration/targets").set_index("name")

    @property
    def stopped_on_acceptance(self) -> bool:
        """True when a generation accepted less than the minimum share of its proposals (the ones kept are here)."""
        return bool(self.attrs["stopped_on_acceptance"])


ANALYSIS_FILES = {kind.analysis: kind for kind in (ComparisonFile, SweepFile, CapacityFile, SensitivityFile,
                                                   SobolFile, CalibrationFile)}
