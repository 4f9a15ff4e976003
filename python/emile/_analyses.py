"""emile.compare, sweep, capacity, sensitivity: the command line's analyses, with a progress bar.

The analyses are computed by the compiled core (emile._core); this module loads scenario files, shows
progress, names the territories of the capacity analysis's resources and opens the comparison's file.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, Optional, Union

import pandas as pd

from . import _core
from ._analysis_files import Capacity, ComparisonFile, named_resources
from ._run import _file_at, _progress_bar

ScenarioLike = Union[_core.Scenario, str, os.PathLike]
PathLike = Union[str, os.PathLike]


def _scenario(scenario: ScenarioLike) -> _core.Scenario:
    return scenario if isinstance(scenario, _core.Scenario) else _core.Scenario.load(scenario)


@contextmanager
def _progress(show: bool, desc: str) -> Iterator[Optional[Callable[[float], None]]]:
    """A callback taking the fraction done, drawing a progress bar (None when not shown)."""
    with _progress_bar(show, desc, 1000, bar_format="{l_bar}{bar}| [{elapsed}<{remaining}]") as callback:
        yield callback


def compare(
    base: ScenarioLike,
    variant: ScenarioLike,
    seed: Optional[int] = None,
    replications: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
    posterior: Optional[PathLike] = None,
    output: Optional[PathLike] = None,
    period: Optional[str] = None,
    by: Optional[str] = None,
) -> ComparisonFile:
    """Runs `base` and `variant` (Scenarios or scenario files) with the base's seed and replications and compares
    them, as `emile compare -o` does (common random numbers, paired by replication). With `posterior` (a
    calibration file), replication r of both draws the same parameters from it.

    Returns the comparison file (at `output`, or in a temporary folder removed with the object): `comparison`,
    indexed by outcome (base_mean, variant_mean, difference variant − base with its 95 % interval ci_low, ci_high,
    ratio and percent with theirs), `by_territory` (every flow by territory over the whole run, or `period`, and
    each calendar period of `by`: "year", "quarter" or "month"), `plot()`. `seed` and `replications` override the
    base's run.seed and run.replications.
    """
    base, variant = _scenario(base), _scenario(variant)
    invocation = f"python: emile.compare(Scenario '{base.name}', Scenario '{variant.name}')"

    def work(path: Path) -> None:
        with _progress(progress, "compare") as callback:
            _core.compare(base, variant, path, seed=seed, replications=replications, threads=threads,
                          posterior=posterior, period=period, by=by, invocation=invocation, progress=callback)

    comparison = _file_at(output, f"{base.name}-vs-{variant.name}", work)
    assert isinstance(comparison, ComparisonFile)
    return comparison


def sweep(
    scenario: ScenarioLike,
    vary: Dict[str, Any],
    seed: Optional[int] = None,
    replications: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
    posterior: Optional[PathLike] = None,
) -> pd.DataFrame:
    """Runs the grid spanned by `vary` ({dotted key: [values]}, values as Scenario.load's overrides take them),
    every point with the same seed and replications, as `emile sweep` does.

    Returns a DataFrame indexed by grid point: one column per varied key, then the mean over replications of every
    headline outcome. The last key varies fastest. With `posterior` (a calibration file), each replication draws
    its parameters from it (a key it draws cannot be varied).
    """
    scenario = _scenario(scenario)
    with _progress(progress, "sweep") as callback:
        return _core.sweep(scenario, vary, seed=seed, replications=replications, threads=threads,
                           posterior=posterior, progress=callback)


def capacity(
    scenario: ScenarioLike,
    replications: Optional[int] = None,
    warmup_weeks: int = 26,
    window_weeks: int = 52,
    seed: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
    posterior: Optional[PathLike] = None,
) -> Capacity:
    """The steady-state capacity analysis of `emile capacity` (docs/analyses.md). With `posterior` (a calibration
    file), each replication draws its parameters from it; one more unit of a resource it draws is added to the
    drawn value.

    Returns a Capacity, a dict: 'relocations' (DataFrame: territory, name, per_year, ci_low, ci_high; 'all'
    first), 'resources' (DataFrame: resource, territory, territory_name, unit, mean_wait_weeks, mean_queue_weeks,
    gain_per_year, ci_low, ci_high, p_value, holm_p_value, cost_eur_per_year, gain_per_100k_eur, key, base_value,
    value), 'binding' (the binding constraint as text, 'none' when none is told apart: docs/analyses.md),
    'binding_statement' (the verdict in one sentence) and 'closed' (the codes of the territories closed over the
    whole window, left out): what a file of `emile capacity` holds (emile.open gives it back as a CapacityFile).
    Its plot() draws the tables.
    """
    scenario = _scenario(scenario)
    with _progress(progress, "capacity") as callback:
        tables = _core.capacity(scenario, replications=replications, warmup_weeks=warmup_weeks,
                                window_weeks=window_weeks, seed=seed, threads=threads, posterior=posterior,
                                progress=callback)
    return Capacity(relocations=tables["relocations"],
                    resources=named_resources(tables["resources"], tables["relocations"], scenario.to_toml()),
                    binding=tables["binding"], binding_statement=tables["binding_statement"], closed=tables["closed"])


def sensitivity(
    scenario: ScenarioLike,
    replications: Optional[int] = None,
    trajectories: int = 10,
    seed: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
    method: str = "morris",
    samples: int = 128,
    bootstrap: int = 200,
    posterior: Optional[PathLike] = None,
) -> pd.DataFrame:
    """Sensitivity of the headline outcomes, as `emile sensitivity` does.

    `method="morris"` (the default): Morris elementary effects of the scenario's levers ([[lever]] tables: key,
    min, max); a DataFrame with lever, outcome, mu, mu_star, sigma. Raises ScenarioError (a ValueError) when the
    scenario declares no lever.

    `method="sobol"`: Sobol' indices of the scenario's [[uncertain]] parameters over their priors — or over the
    marginals of `posterior`, a calibration file — from a Saltelli design of `samples` rows (N (d + 2) ensembles),
    with `bootstrap` resamples for the intervals; a DataFrame with parameter, outcome, first, first_low,
    first_high, total, total_low, total_high (docs/calibration.md).
    """
    scenario = _scenario(scenario)
    if method == "sobol":
        with _progress(progress, "sobol") as callback:
            return _core.sobol(scenario, replications=replications, samples=samples, bootstrap=bootstrap, seed=seed,
                               threads=threads, posterior=posterior, progress=callback)
    if method != "morris":
        raise ValueError(f"method must be 'morris' or 'sobol', not {method!r}")
    with _progress(progress, "sensitivity") as callback:
        return _core.sensitivity(scenario, replications=replications, trajectories=trajectories, seed=seed,
                                 threads=threads, progress=callback)
