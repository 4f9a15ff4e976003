"""emile: an agent-based simulator of the EMILE relocation programme, from Python.

Describe, run, observe::

    import emile

    scenario = emile.Scenario.load("scenarios/pilot-2019.toml", overrides={"origin.caseworkers": 40})
    results = emile.run(scenario, seed=3, replications=10)      # every replication, in parallel
    results.ensemble("moved_households")                        # mean and 5/50/95 % bands per step and territory
    results.plot("moved_households", cumulative=True)           # a line and a 5–95 % band per territory

    sim = emile.Simulation(scenario, seed=3)                    # one replication, step by step
    sim.run(until="2020-01-01")                                 # every step before the one holding 1 January 2020
    sim.stage_counts()

The model lives in the compiled module ``emile._core`` (bound from C++); this package re-exports it and adds
the results readers (``open`` for any results file: ``Results``, ``ComparisonFile``, ``SweepFile``,
``CapacityFile``, ``SensitivityFile``, ``CalibrationFile``), ``run``, the analyses (``compare``, ``sweep``,
``capacity``, ``sensitivity``) and calibration to the public record (``calibrate``, ``check``) with a progress bar,
and plots of results and analysis files in one call (their ``plot`` methods, with matplotlib).
See docs/python.md and docs/calibration.md.
"""

from ._core import (
    CheckpointError,
    Contract,
    MatchingMechanism,
    ResultsFileError,
    Scenario,
    ScenarioError,
    Sector,
    Simulation,
    Stage,
    checkpoint_info,
    version as __version__,
    flow_names,
    is_legal_transition,
    parameters,
    results_schema_version,
    stage_names,
)
from ._analyses import capacity, compare, sensitivity, sweep
from ._analysis_files import (AnalysisFile, CalibrationFile, Capacity, CapacityFile, ComparisonFile, SensitivityFile,
                              SobolFile, SweepFile)
from ._calibration import Calibration, calibrate, check
from ._report import report
from ._results import Results, open
from ._run import resume, run, run_until

# `open` is left out of __all__ so that `from emile import *` does not hide the built-in open(); use emile.open.
__all__ = [
    "AnalysisFile",
    "Calibration",
    "CalibrationFile",
    "Capacity",
    "CapacityFile",
    "CheckpointError",
    "ComparisonFile",
    "Contract",
    "MatchingMechanism",
    "Results",
    "ResultsFileError",
    "Scenario",
    "ScenarioError",
    "Sector",
    "SensitivityFile",
    "SobolFile",
    "Simulation",
    "Stage",
    "__version__",
    "calibrate",
    "capacity",
    "check",
    "checkpoint_info",
    "compare",
    "flow_names",
    "is_legal_transition",
    "parameters",
    "report",
    "results_schema_version",
    "resume",
    "run",
    "run_until",
    "sensitivity",
    "stage_names",
    "sweep",
    "SweepFile",
]
