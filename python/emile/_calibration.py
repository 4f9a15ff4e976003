"""emile.calibrate and emile.check: calibration to the public record and predictive checks (docs/calibration.md).

The computation is the compiled core's (emile._core); this module loads scenario files, shows progress and
returns the calibration as the file it writes, so that what Python reads is what `emile calibrate` writes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional, Union

import pandas as pd

from . import _core
from ._analyses import ScenarioLike, _progress, _scenario
from ._analysis_files import CalibrationFile

PathLike = Union[str, os.PathLike]


class Calibration(CalibrationFile):
    """The calibration emile.calibrate returns: its results file (a CalibrationFile: posterior(), generations(),
    parameters(), targets(), particles()), and the scenario and targets it was calibrated with, for check()."""

    def __init__(self, path: PathLike, scenario: _core.Scenario, targets: Path,
                 folder: Optional[tempfile.TemporaryDirectory] = None):
        super().__init__(path)
        self.scenario = scenario
        self.targets_file = targets
        self._folder = folder  # the temporary folder holding the file, removed with this object

    def check(self, replications: int = 200, seed: Optional[int] = None, threads: int = 0,
              progress: bool = True) -> pd.DataFrame:
        """The predictive check of the posterior: emile.check with each replication's parameters drawn from it."""
        return check(self.scenario, self.targets_file, replications=replications, posterior=self.path, seed=seed,
                     threads=threads, progress=progress)


def calibrate(
    scenario: ScenarioLike,
    targets: PathLike,
    particles: int = 1000,
    generations: int = 5,
    min_acceptance: float = 0.01,
    quantile: float = 0.5,
    replicates: int = 1,
    seed: Optional[int] = None,
    threads: int = 0,
    output: Optional[PathLike] = None,
    progress: bool = True,
) -> Calibration:
    """Calibrates the scenario's [[uncertain]] parameters to the observed figures of `targets` (a targets file)
    by ABC-SMC, as `emile calibrate` does.

    The calibration is written to `output` (a results file of kind `calibrate`), or to a temporary file kept as
    long as the returned Calibration. `replicates` simulations per proposal are averaged; `seed` overrides
    run.seed. Check `stopped_on_acceptance` on the result: True when a generation accepted less than
    `min_acceptance` of its proposals. Raises ScenarioError (a ValueError) for bad priors or targets.
    """
    scenario = _scenario(scenario)
    folder = None
    if output is None:
        folder = tempfile.TemporaryDirectory(prefix="emile-calibration-")
        output = Path(folder.name) / "calibration.h5"
    invocation = (f"python: emile.calibrate(Scenario '{scenario.name}' from '{scenario.source}', "
                  f"targets='{targets}', particles={particles}, generations={generations}, "
                  f"min_acceptance={min_acceptance}, quantile={quantile}, replicates={replicates}, seed={seed})")
    with _progress(progress, "calibrate") as callback:
        _core.calibrate(scenario, Path(targets), Path(output), particles=particles, generations=generations,
                        min_acceptance=min_acceptance, quantile=quantile, replicates=replicates, seed=seed,
                        threads=threads, invocation=invocation, progress=callback)
    return Calibration(output, scenario, Path(targets), folder)


def check(
    scenario: ScenarioLike,
    targets: PathLike,
    replications: int = 200,
    posterior: Optional[PathLike] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
) -> pd.DataFrame:
    """Each target's observed value against the model's median and 90 % predictive interval, as `emile check`.

    Returns a DataFrame indexed by target: statistic, observed, low, median, high (the 5 %, 50 % and 95 %
    quantiles over replications; `first` targets in days from the run's start), shown (replications that showed
    the target) and inside. With `posterior` (a calibration file), each replication draws its parameters from it.
    """
    scenario = _scenario(scenario)
    with _progress(progress, "check") as callback:
        return _core.check(scenario, Path(targets), replications=replications,
                           posterior=None if posterior is None else Path(posterior), seed=seed, threads=threads,
                           progress=callback)
