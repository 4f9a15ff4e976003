"""Every shipped notebook runs headless, top to bottom, without error, and draws at least one figure.

Notebooks run in a `python3` kernel (Debian's /usr/bin/python3 with ipykernel) from the notebooks/ folder, as
Jupyter would run them; they write no files. The kernel finds the same `emile` package as these tests.
Notebooks are stored without outputs; the executed copies are not written back.
"""

import os
from pathlib import Path

import pytest

from package_helpers import SOURCE_DIR, import_emile

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((SOURCE_DIR / "notebooks").glob("*.ipynb"))

emile = import_emile()  # the kernel finds the same package


def kernel_environment():
    env = dict(os.environ)
    package_parent = str(Path(emile.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
    env.setdefault("MPLBACKEND", "Agg")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets the debugger's start-up warning
    return env


def test_notebooks_are_shipped():
    names = [p.name for p in NOTEBOOKS]
    assert names == ["01-pilot-2019.ipynb", "02-expansion-2020-2021.ipynb", "03-capacity-and-bottlenecks.ipynb",
                     "04-calibration.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_draws(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=kernel_environment())
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.get("data", {})]
    assert images, f"{path.name} drew no figure"
