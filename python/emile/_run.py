"""emile.run: a scenario's replications, in parallel, with a progress bar; returns the Results."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional, Union

from . import _core
from ._results import Results, open as open_results


def run(
    scenario: Union[_core.Scenario, str, os.PathLike],
    seed: Optional[int] = None,
    replications: Optional[int] = None,
    threads: int = 0,
    output: Union[str, os.PathLike, None] = None,
    progress: bool = True,
    overrides: Optional[dict] = None,
) -> Results:
    """Runs every replication of `scenario` (a Scenario or a scenario file) and returns its Results.

    The results file is the one `emile run` writes (docs/output-format.md): at `output` when given, otherwise
    in a temporary folder removed when the Results object is garbage-collected. `seed` and `replications`
    override run.seed and run.replications; `overrides` (for a path only) maps dotted keys to values, as
    Scenario.load does. `threads` = 0 uses every core; results do not depend on it. `progress` shows a tqdm
    bar on stderr. Ctrl-C (or a Jupyter interrupt) stops the run with KeyboardInterrupt and writes nothing.

    Raises ScenarioError (a ValueError) for an unusable scenario, ResultsFileError (an OSError) when the file
    cannot be written.
    """
    if isinstance(scenario, _core.Scenario):
        if overrides:
            raise TypeError("overrides apply to a scenario file; set a Scenario's parameters with scenario[key] = value")
    else:
        scenario = _core.Scenario.load(scenario, overrides=overrides)

    owner = None
    if output is None:
        owner = tempfile.TemporaryDirectory(prefix="emile-")
        path = Path(owner.name) / f"{scenario.name}.h5"
    else:
        path = Path(output)

    bar: Optional[Any] = None
    callback: Optional[Callable[[float], None]] = None
    if progress:
        from tqdm import tqdm

        total = scenario.steps * (replications if replications is not None else scenario.replications)
        shown = bar = tqdm(total=total, desc=scenario.name, unit="step", leave=False)

        def callback(fraction: float) -> None:
            done = round(fraction * total)
            if done > shown.n:
                shown.update(done - shown.n)

    try:
        _core.run(scenario, path, seed=seed, replications=replications, threads=threads, progress=callback)
    except BaseException:
        if owner is not None:
            owner.cleanup()
        raise
    finally:
        if bar is not None:
            bar.close()
    results = open_results(path)
    results._owner = owner  # keeps the temporary folder alive as long as the Results
    return results
