"""Results files of every kind, and those of the analyses (`emile compare`, `sweep`, `capacity`, `sensitivity`,
`calibrate`), read into DataFrames and plotted.

Each kind of file holds the tables its declaration lists (`emile tables`, docs/output-format.md); every table is
read through that declaration, so a column renamed since an older file was written comes back under its current
name, and the DataFrames are the ones the analyses return in Python (emile.compare, emile.capacity…).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import h5py
import pandas as pd

from . import _core, _plots


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
        """Indexed by outcome: base_mean, variant_mean, difference, ci_low, ci_high, and the ratio of the means and
        the change in percent with their intervals — as emile.compare returns it."""
        return self.table("/comparison").set_index("outcome")

    @property
    def by_territory(self) -> pd.DataFrame:
        """Every flow of every territory and of the programme (`territory` = "all") over the whole run (`period` =
        "run", or the --period given) and each calendar period of --by: period, first_day, last_day, territory,
        name, outcome, then the columns of `comparison`. In each period and flow the territory rows sum to the
        programme's (means and differences)."""
        return self.table("/comparison_by_territory")

    @property
    def by_origin_host(self) -> pd.DataFrame:
        """Each flow of each origin's households into each host over the whole run (results schema 12): origin,
        host, outcome (`moved_households`, `settled_households`, `housed_households`, `returned_households`), then
        the columns of `comparison`. Summed over the origins, a host's moves are its moves in `by_territory`."""
        return self.table("/comparison_by_origin_host")

    @property
    def origins(self) -> Dict[str, str]:
        """The origins of the base and of the variant: name by code, the base's first."""
        return {**scenario_origins(self.scenario_tomls["/base_scenario"]),
                **scenario_origins(self.scenario_tomls["/variant_scenario"])}

    @property
    def paired_differences(self) -> pd.DataFrame:
        """One row per replication: replication, then each outcome's variant − base difference."""
        return self.table("/paired_differences")

    def plot(self, outcomes: Optional[Sequence[str]] = None, ax: Any = None, by: Optional[str] = None,
             period: str = "run") -> Any:
        """Draws each headline outcome's paired difference (variant − base) as a point with its 95 % interval, a
        line at zero: one panel per unit (households, persons, share, euros), outcomes whose difference is
        undefined (NaN) left out. `outcomes` selects and orders them; `ax` (outcomes of one unit) draws on it.
        `by="territory"` draws the flows `outcomes` (default moved_households) territory by territory over
        `period` (a label of `by_territory`: "run", "2021"…), territories with none on either side left out.
        Returns the Axes, or the Figure when there are several panels."""
        if by == "territory":
            return self._plot_by_territory(outcomes or ["moved_households"], period, ax)
        if by is not None:
            raise ValueError(f"by={by!r}: expected None or 'territory'")
        table = self.comparison
        if outcomes is not None:
            outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
            unknown = [outcome for outcome in outcomes if outcome not in table.index]
            if unknown:
                raise KeyError(f"{self.path}: no outcome {', '.join(unknown)}; outcomes: {', '.join(table.index)}")
            table = table.loc[outcomes]
        return _plots.differences(table, ax=ax, title=f"variant ({self.attrs['variant_scenario']}) − base "
                                  f"({self.attrs['scenario']}): paired differences over {self.replications} "
                                  "replications, 95 % intervals")


    def _plot_by_territory(self, outcomes: Sequence[str], period: str, ax: Any) -> Any:
        outcomes = [outcomes] if isinstance(outcomes, str) else list(outcomes)
        rows = self.by_territory
        periods = list(dict.fromkeys(rows["period"]))
        if period not in periods:
            raise KeyError(f"{self.path}: no period {period!r}; periods: {', '.join(periods)}")
        flows = set(rows["outcome"])
        unknown = [outcome for outcome in outcomes if outcome not in flows]
        if unknown:
            raise KeyError(f"{self.path}: no flow {', '.join(unknown)}; flows: {', '.join(sorted(flows))}")
        rows = rows[(rows["period"] == period) & rows["outcome"].isin(outcomes)
                    & ((rows["base_mean"] != 0) | (rows["variant_mean"] != 0) | (rows["territory"] == "all"))]
        first, last = rows["first_day"].iloc[0], rows["last_day"].iloc[0]
        table = rows.set_index(["outcome", "name"])
        return _plots.differences(table, ax=ax, title=f"{', '.join(outcomes)} by territory, {period} ({first} to "
                                  f"{last})\n{self.attrs['variant_scenario']} − {self.attrs['scenario']}\n"
                                  f"{self.replications} paired replications, 95 % intervals")


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
    def quantiles(self) -> pd.DataFrame:
        """One row per point and headline outcome: point, outcome, mean, and the 5, 50 and 95 % quantiles over the
        replications (where the outcome is defined)."""
        return self.table("/sweep/quantiles")

    @property
    def means(self) -> pd.DataFrame:
        """One row per point: point, the mean over replications of every headline outcome."""
        return self.table("/sweep/means")


class Capacity(dict):
    """The steady-state capacity analysis (docs/analyses.md), as emile.capacity returns it and
    CapacityFile.as_dict() reads it back: a dict of 'relocations' and 'resources' (DataFrames), 'binding' (the
    binding constraint as text), 'binding_statement' (the verdict in one sentence) and 'closed' (the territories
    left out, closed over the whole window); plot() draws the tables."""

    def plot(self) -> Any:
        """Draws, beside each other, the steady-state relocations per year (households/year) of the programme and
        of each territory, and the relocations per year one more unit of each resource adds, each with its 95 %
        interval and a line at zero; returns the Figure."""
        return _plots.capacity(self["relocations"], self["resources"], self["binding"])


def scenario_origins(scenario_toml: str) -> Dict[str, str]:
    """The origins of a resolved scenario (its TOML, `[origin]` or `[[origin]]`): name by code, in order."""
    origins = tomllib.loads(scenario_toml)["origin"]
    return {origin["code"]: origin["name"] for origin in (origins if isinstance(origins, list) else [origins])}


def named_resources(resources: pd.DataFrame, relocations: pd.DataFrame, scenario_toml: str) -> pd.DataFrame:
    """The capacity analysis's resources with a `territory_name` after `territory`: the names of the scenario's
    origins and territories (`scenario_toml`: its resolved TOML), and the relocations' name of `all`."""
    scenario = tomllib.loads(scenario_toml)
    names = scenario_origins(scenario_toml)
    names.update({territory["code"]: territory["name"] for territory in scenario.get("territory", [])})
    names.update(zip(relocations["territory"], relocations["name"]))
    resources = resources.copy()
    resources.insert(resources.columns.get_loc("territory") + 1, "territory_name", resources["territory"].map(names))
    return resources


class CapacityFile(AnalysisFile):
    """A file of `emile capacity`."""

    analysis = "capacity"

    @property
    def relocations(self) -> pd.DataFrame:
        """territory, name, per_year, ci_low, ci_high ('all' first; with several origins, each origin's households
        next, from schema 12; then the hosts) — as emile.capacity returns it."""
        return self.table("/capacity/relocations")

    @property
    def origins(self) -> Dict[str, str]:
        """The scenario's origins: name by code, in order."""
        return scenario_origins(self.scenario_tomls["/scenario"])

    @property
    def resources(self) -> pd.DataFrame:
        """resource, territory, territory_name, unit, mean_wait_weeks, mean_queue_weeks, gain_per_year, ci_low,
        ci_high, key, base_value, value — as emile.capacity returns it."""
        return named_resources(self.table("/capacity/resources"), self.relocations, self.scenario_tomls["/scenario"])

    def _capacity_attribute(self, name: str, before_schema_10: str) -> str:
        with h5py.File(self.path, "r") as file:
            return str(_plain(file["capacity"].attrs.get(name, before_schema_10)))

    @property
    def binding(self) -> str:
        """The binding constraint, or 'none'."""
        return self._capacity_attribute("binding", "none")

    @property
    def binding_statement(self) -> str:
        """The verdict in one sentence (empty in a file written before schema 10)."""
        return self._capacity_attribute("binding_statement", "")

    @property
    def verdict(self) -> Optional[Dict[str, Any]]:
        """The binding verdict's parts (schema 11 on; None before): 'reason' (`binds`, `no_resource`,
        `one_replication`, `not_significant` or `not_separated`), 'top' and 'runner_up' (rows of `resources` with
        the two largest mean gains; −1 without rows), 'tested' (resources tested) and 'replications_to_separate'
        (0 when not applicable) — what a sentence in another language is made from."""
        with h5py.File(self.path, "r") as file:
            attrs = file["capacity"].attrs
            if "binding_reason" not in attrs:
                return None
            return {"reason": str(_plain(attrs["binding_reason"])), "top": int(attrs["binding_top"]),
                    "runner_up": int(attrs["binding_runner_up"]), "tested": int(attrs["binding_tested"]),
                    "replications_to_separate": int(attrs["replications_to_separate"])}

    @property
    def closed(self) -> List[str]:
        """The codes of the territories closed over the whole window, left out of the tables."""
        return self._capacity_attribute("closed_territories", "").split()

    def as_dict(self) -> Capacity:
        """{'relocations', 'resources', 'binding', 'binding_statement', 'closed'}: what emile.capacity returns."""
        return Capacity(relocations=self.relocations, resources=self.resources, binding=self.binding,
                        binding_statement=self.binding_statement, closed=self.closed)

    def plot(self) -> Any:
        """Draws the relocations and the gain per resource, as Capacity.plot(); returns the Figure."""
        return self.as_dict().plot()


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

    def plot(self, outcome: str, ax: Any = None) -> Any:
        """Draws the Morris screening of one headline outcome: each lever at (μ*, σ), both in the outcome's unit,
        labelled with its key, with their 95 % bootstrap intervals (files of schema 9 on) and the line σ = μ*
        (above it, a lever's effects vary more than their mean size: interactions or non-linearity). Returns the
        Axes."""
        return _plots.morris(self.effects, outcome, ax=ax)


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

    def plot(self, outcome: str, ax: Any = None) -> Any:
        """Draws the Sobol' indices of one headline outcome: per parameter, its first-order and total indices
        (shares of the outcome's variance) as bars with their 95 % bootstrap intervals. Returns the Axes."""
        return _plots.sobol(self.indices, outcome, ax=ax)


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
