"""The national scenario at full scale (26.9 million dwellings, 88 territories, three years): it runs, and its
results are identical whatever the thread count. Run as the CTest test `national` (label `scale`), which
sanitizer builds leave out."""

import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("EMILE_SOURCE_DIR") or HERE.parents[1]).resolve()
NATIONAL = SOURCE_DIR / "scenarios" / "national.toml"


@pytest.fixture(scope="module")
def emile():
    binary = Path(os.environ.get("EMILE_BIN", ""))
    if not binary.is_file():
        pytest.skip("no emile binary: set EMILE_BIN")
    return binary


def datasets(path):
    with h5py.File(path, "r") as f:
        found = {}
        f.visititems(lambda name, item: found.__setitem__(name, item[()]) if isinstance(item, h5py.Dataset) else None)
        return found


def test_the_national_run_is_identical_on_one_and_two_threads(emile, tmp_path):
    for threads in (1, 2):
        result = subprocess.run([str(emile), "run", str(NATIONAL), "--threads", str(threads), "-q", "-o", f"t{threads}.h5"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
    one, two = datasets(tmp_path / "t1.h5"), datasets(tmp_path / "t2.h5")
    assert sorted(one) == sorted(two)
    # NaN (a cost per household where there is none) is equal to itself here: the same value written twice.
    differing = [name for name in one
                 if not np.array_equal(one[name], two[name], equal_nan=one[name].dtype.kind == "f")]
    assert differing == []
    # The run did simulate the national programme: households moved, into many territories.
    with h5py.File(tmp_path / "t1.h5", "r") as f:
        moved = f["timeseries/moved_households"][()]
        per_territory = moved.sum(axis=tuple(range(moved.ndim - 1)))[1:]
        assert per_territory.sum() > 100
        assert (per_territory > 0).sum() > 40
