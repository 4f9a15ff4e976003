"""emile.run, run_until and resume: a scenario's replications, in parallel, with a progress bar.

run returns the Results; run_until pauses every replication at a date and saves a checkpoint; resume goes on
from a checkpoint. A checkpoint also lets a variant branch from a saved state: run(variant, from_checkpoint=...).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Union
from contextlib import contextmanager

from . import _core
from ._analysis_files import AnalysisFile
from ._results import Results, open as open_results

PathLike = Union[str, os.PathLike]
DateLike = Union[datetime.date, str]


@contextmanager
def _progress_bar(show: bool, name: str, total: int, **style: Any) -> Iterator[Optional[Callable[[float], None]]]:
    """A tqdm.auto bar — a widget in Jupyter (with ipywidgets), text on stderr elsewhere — fed with the fraction
    done (`total` ticks; `style`: tqdm's display options), or None when not shown."""
    if not show:
        yield None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=name, leave=False, **style)

    def callback(fraction: float) -> None:
        done = round(fraction * total)
        if done > bar.n:
            bar.update(done - bar.n)

    try:
        yield callback
    finally:
        bar.close()


def _load(scenario: Union[_core.Scenario, PathLike], overrides: Optional[dict]) -> _core.Scenario:
    if isinstance(scenario, _core.Scenario):
        if overrides:
            raise TypeError("overrides apply to a scenario file; set a Scenario's parameters with scenario[key] = value")
        return scenario
    return _core.Scenario.load(scenario, overrides=overrides)


def _file_at(output: Optional[PathLike], name: str, work: Callable[[Path], Any]) -> Union[Results, AnalysisFile]:
    """Runs `work(path)` and opens the file it wrote (emile.open: a Results or an analysis file), in a temporary
    folder, removed with the object, when `output` is None."""
    owner = tempfile.TemporaryDirectory(prefix="emile-") if output is None else None
    # The file name comes from the scenario's name with every path separator and dot-dot removed, so that the
    # results stay inside their temporary folder whatever run.name says.
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "results"
    path = Path(owner.name) / f"{safe}.h5" if owner is not None else Path(output)  # type: ignore[arg-type]
    try:
        work(path)
    except BaseException:
        if owner is not None:
            owner.cleanup()
        raise
    results = open_results(path)
    results._owner = owner  # keeps the temporary folder alive as long as the object
    return results


def _run_results(opened: Union[Results, AnalysisFile]) -> Results:
    assert isinstance(opened, Results)  # the file `emile run` writes
    return opened


def run(
    scenario: Union[_core.Scenario, PathLike],
    seed: Optional[int] = None,
    replications: Optional[int] = None,
    threads: int = 0,
    output: Optional[PathLike] = None,
    progress: bool = True,
    overrides: Optional[dict] = None,
    checkpoint: Optional[PathLike] = None,
    checkpoint_every: Optional[int] = None,
    from_checkpoint: Optional[PathLike] = None,
    stop_after: Optional[DateLike] = None,
    record: str = "full",
    posterior: Optional[PathLike] = None,
) -> Results:
    """Runs every replication of `scenario` (a Scenario or a scenario file) and returns its Results.

    The results file is the one `emile run` writes (docs/output-format.md): at `output` when given, otherwise
    in a temporary folder removed when the Results object is garbage-collected. `seed` and `replications`
    override run.seed and run.replications; `overrides` (for a path only) maps dotted keys to values, as
    Scenario.load does. `threads` = 0 uses every core; results do not depend on it. `progress` shows a
    progress bar (a widget in Jupyter, text on stderr elsewhere). Ctrl-C (or a Jupyter interrupt) stops the run
    with KeyboardInterrupt and writes nothing.

    Checkpoints: `checkpoint_every` saves the run's state every that many simulated weeks to `checkpoint`
    (default: the results file's name ending in .ckpt) so that `resume` can finish it after a crash; the file is
    removed once the results are written. `from_checkpoint` branches this scenario from a checkpoint saved by
    `run_until`: every replication goes on from the saved state under this scenario (seed and replications are
    the checkpoint's), as if its differences were switched on at the saved date.

    `stop_after` (a date inside the run) stops every replication after the step containing it: the results cover
    the run up to it, with the whole run's calendar, events and joins — the first weeks of the whole run, at a
    fraction of its cost (for fits to early figures).

    `record` says what the file holds of each replication, as `emile run --record`: "summary" (headline outcomes
    and the bands of every time series: a few hundred bytes a replication, for ensembles of many thousands),
    "series" (and each replication's time series and outcomes) or "full" (and its events, households and jobs).

    `posterior` (a calibration file, `emile calibrate -o` or emile.calibrate's output): each replication draws its
    parameters from it, as `emile run --posterior`, so the bands hold parameter uncertainty as well as noise
    (`Results.attrs["posterior"]` names it). Not with checkpoints.

    Raises ScenarioError (a ValueError) for an unusable scenario, ResultsFileError (an OSError) when the file
    cannot be written, CheckpointError (an OSError) for a checkpoint that cannot be read.
    """
    scenario = _load(scenario, overrides)
    count = replications if replications is not None else scenario.replications

    def work(path: Path) -> None:
        with _progress_bar(progress, scenario.name, scenario.steps * count, unit="step") as callback:
            _core.run(scenario, path, seed=seed, replications=replications, threads=threads, progress=callback,
                      checkpoint=checkpoint, checkpoint_every=checkpoint_every, from_checkpoint=from_checkpoint,
                      stop_after=stop_after, record=record, posterior=posterior)

    return _run_results(_file_at(output, scenario.name, work))


def run_until(
    scenario: Union[_core.Scenario, PathLike],
    until: DateLike,
    checkpoint: PathLike,
    seed: Optional[int] = None,
    replications: Optional[int] = None,
    threads: int = 0,
    progress: bool = True,
    overrides: Optional[dict] = None,
) -> Path:
    """Runs every replication of `scenario` up to the step containing `until`, saves their state to `checkpoint`
    and returns its path; no results are written. Go on with ``resume(checkpoint)``, or branch variants from the
    same state with ``run(variant, from_checkpoint=checkpoint)``.
    """
    scenario = _load(scenario, overrides)
    count = replications if replications is not None else scenario.replications
    path = Path(checkpoint)
    output = path.with_suffix(".h5")  # the results file a resume writes by default: beside the checkpoint
    with _progress_bar(progress, scenario.name, scenario.steps * count, unit="step") as callback:
        _core.run(scenario, output, seed=seed, replications=replications, threads=threads, progress=callback,
                  checkpoint=path, until=until)
    return path


def resume(
    checkpoint: PathLike,
    output: Optional[PathLike] = None,
    threads: int = 0,
    progress: bool = True,
    checkpoint_every: Optional[int] = None,
    record: str = "full",
) -> Results:
    """Goes on with a run from `checkpoint` and returns its Results — equal, element for element, to those of the
    uninterrupted run. The results go to `output`, by default the file the run was writing. A checkpoint saved
    as the run went keeps being updated (every `checkpoint_every` weeks, by default as before) and is removed
    once the results are written; one saved by `run_until` is left as it is. `record` as for `run`.
    """
    def work(path: Path) -> None:
        with _progress_bar(progress, "resume", 1000) as callback:
            _core.resume(checkpoint, path, threads=threads, progress=callback, checkpoint_every=checkpoint_every,
                         record=record)

    return _run_results(_file_at(output if output is not None else _core.checkpoint_info(checkpoint)["output"],
                                 "resumed", work))
