"""The scenario reference in docs/ is generated from the parameter declarations: keep them in step."""
import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("EMILE_SOURCE_DIR", Path(__file__).parents[2]))
BINARY = os.environ.get("EMILE_BIN", str(SOURCE / "build" / "cli" / "emile"))


@pytest.mark.skipif(not Path(BINARY).exists(), reason="emile is not built")
def test_scenario_reference_lists_every_declared_parameter():
    table = subprocess.run([BINARY, "parameters"], capture_output=True, text=True, check=True).stdout
    reference = (SOURCE / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert table in reference, "docs/scenario-reference.md is stale: regenerate its table with `emile parameters`"


@pytest.mark.skipif(not Path(BINARY).exists(), reason="emile is not built")
def test_every_shipped_scenario_validates():
    for scenario in sorted((SOURCE / "scenarios").rglob("*.toml")):
        result = subprocess.run([BINARY, "validate", str(scenario)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
