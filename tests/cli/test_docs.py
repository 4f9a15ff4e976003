"""Every shipped scenario validates. (The documentation's commands, outputs and figures, the scenario reference's
table among them, are checked by the CTest test `docs`: scripts/update-docs.py --check.)"""
import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("EMILE_SOURCE_DIR", Path(__file__).parents[2]))
BINARY = os.environ.get("EMILE_BIN", str(SOURCE / "build" / "cli" / "emile"))


@pytest.mark.skipif(not Path(BINARY).exists(), reason="emile is not built")
def test_every_shipped_scenario_validates():
    for scenario in sorted((SOURCE / "scenarios").rglob("*.toml")):
        result = subprocess.run([BINARY, "validate", str(scenario)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
