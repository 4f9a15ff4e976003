"""Every shipped scenario validates, and every shipped targets file (scenarios/targets/<scenario>.toml) passes the
checks against its scenario. (The documentation's commands, outputs and figures, the scenario reference's table
among them, are checked by the CTest test `docs`: scripts/update-docs.py --check.)"""
import subprocess

from cli_helpers import EXIT_BAD_INPUT, SOURCE_DIR

SCENARIOS = SOURCE_DIR / "scenarios"


def test_every_shipped_scenario_validates(emile):
    for scenario in sorted(SCENARIOS.rglob("*.toml")):
        if scenario.parent.name == "targets":
            continue
        result = subprocess.run([str(emile), "validate", str(scenario)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_every_shipped_targets_file_holds_against_its_scenario(emile):
    targets = sorted((SCENARIOS / "targets").glob("*.toml"))
    assert targets
    for file in targets:
        result = subprocess.run([str(emile), "check", str(SCENARIOS / file.name), "--targets", str(file), "-r", "2", "-q"],
                                capture_output=True, text=True)
        assert result.returncode != EXIT_BAD_INPUT, result.stderr
