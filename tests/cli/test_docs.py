"""Every shipped scenario validates. (The documentation's commands, outputs and figures, the scenario reference's
table among them, are checked by the CTest test `docs`: scripts/update-docs.py --check.)"""
import subprocess

from cli_helpers import SOURCE_DIR


def test_every_shipped_scenario_validates(emile):
    for scenario in sorted((SOURCE_DIR / "scenarios").rglob("*.toml")):
        result = subprocess.run([str(emile), "validate", str(scenario)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
