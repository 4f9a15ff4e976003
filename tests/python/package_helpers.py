"""What the Python package's tests share: where the repository is, the `emile` package they test, and the
`emile` command they compare it with. Fixtures are in conftest.py.

The package comes from PYTHONPATH (set by CTest), from EMILE_PYTHONPATH, or from the first `build*/python`
folder of the repository (EMILE_SOURCE_DIR, else relative to this file): each test module imports it with
`emile = import_emile()`, which skips the module without it. The command comes from EMILE_BIN, else
`build*/cli/emile`.
"""

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("EMILE_SOURCE_DIR") or HERE.parents[1]).resolve()
PILOT = SOURCE_DIR / "scenarios" / "pilot-2019.toml"


def pilot_text():
    """The pilot scenario's text with its data files (`../data/…`) named by absolute paths, so that a copy of it
    written anywhere finds them."""
    return PILOT.read_text(encoding="utf-8").replace('"../data/', f'"{SOURCE_DIR / "data"}/')


def import_emile():
    """The `emile` package; skips the calling test module when it is not built."""
    try:
        import emile
        return emile
    except ImportError:
        pass
    candidates = [Path(os.environ["EMILE_PYTHONPATH"])] if os.environ.get("EMILE_PYTHONPATH") else []
    candidates += sorted(SOURCE_DIR.glob("build*/python"))
    for folder in candidates:
        if (folder / "emile").is_dir():
            sys.path.insert(0, str(folder))
            import emile
            return emile
    pytest.skip("the emile package is not built (EMILE_BUILD_PYTHON=ON), or set EMILE_PYTHONPATH",
                allow_module_level=True)


def find_binary():
    """The `emile` command: EMILE_BIN, else the first `build*/cli/emile` of the repository, else None."""
    if os.environ.get("EMILE_BIN"):
        return Path(os.environ["EMILE_BIN"])
    for candidate in sorted(SOURCE_DIR.glob("build*/cli/emile")):
        if candidate.is_file():
            return candidate
    return None
