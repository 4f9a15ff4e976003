#!/usr/bin/python3
"""The golden baseline: the shipped scenarios' results, stored exactly, and the check that they have not moved.

Every case below runs the built `emile` with fixed seeds and digests the results file it writes. A digest
line names one dataset (or root attribute) and holds, exactly,

* its values, when it is small (at most `full_values` elements): integers as written, floats as `%.17g`,
  strings quoted; or
* for a larger dataset, its type and shape, the exact sum of its values (numbers) and a SHA-256 of its bytes.

`--check` (the CTest test `golden`) compares a fresh digest with `tests/golden/baseline.txt` and fails naming
every outcome that moved, with its old and new values and the difference. `--write`
(`scripts/regenerate-golden.sh`) rewrites the baseline. A refactor leaves the baseline identical; a change of
behaviour regenerates it in a commit of its own that says what moved and why.

What a results file records about its own making rather than about the run's outcomes is left out: the
creation time, the program and layout versions, the command line that wrote it, and the resolved scenario's TOML
text (it lists every declared parameter, so it grows whenever a parameter is declared, while the outcomes stay
put).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

SOURCE = Path(os.environ.get("EMILE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BASELINE = SOURCE / "tests" / "golden" / "baseline.txt"

# name → arguments of `emile` (the output option is added). Seeds are fixed; the national scenario runs one
# replication, the others two, so that replications keyed by (seed, replication) are covered.
CASES: dict[str, list[str]] = {
    "pilot-2019": ["run", "scenarios/pilot-2019.toml", "--seed", "1", "-r", "2"],
    "expansion-2020": ["run", "scenarios/expansion-2020.toml", "--seed", "1", "-r", "2"],
    "expansion-2021": ["run", "scenarios/expansion-2021.toml", "--seed", "1", "-r", "2"],
    "national": ["run", "scenarios/national.toml", "--seed", "1", "-r", "1"],
    "double-caseworkers": ["run", "scenarios/variants/double-caseworkers.toml", "--seed", "1", "-r", "2"],
    "mobility-aid": ["run", "scenarios/variants/mobility-aid.toml", "--seed", "1", "-r", "2"],
    "more-reserved-housing": ["run", "scenarios/variants/more-reserved-housing.toml", "--seed", "1", "-r", "2"],
    "no-immersion": ["run", "scenarios/variants/no-immersion.toml", "--seed", "1", "-r", "2"],
    "ten-territories-2022": ["run", "scenarios/examples/ten-territories-2022.toml", "--seed", "1", "-r", "2"],
    "ten-territories-2022-levers": ["run", "scenarios/examples/ten-territories-2022-levers.toml", "--seed", "1", "-r", "2"],
    "programme-2024": ["run", "scenarios/programme-2024.toml", "--seed", "1", "-r", "2"],
    "third-origin-2026": ["run", "scenarios/variants/third-origin-2026.toml", "--seed", "1", "-r", "2"],
    "compare": ["compare", "scenarios/expansion-2021.toml", "scenarios/variants/mobility-aid.toml", "--seed", "1", "-r", "3"],
    "sweep": ["sweep", "scenarios/pilot-2019.toml", "--vary", "territory.15.reserved_dwellings=5,20", "--seed", "1", "-r", "2"],
    "capacity": ["capacity", "scenarios/pilot-2019.toml", "--seed", "1", "-r", "2"],
    "sensitivity": ["sensitivity", "scenarios/expansion-2021.toml", "--seed", "1", "-r", "1"],
}
# Every shipped scenario again with a world drawn for each replication (run.world): streams keyed by the seed and
# the replication, as every run drew its world before replications shared one; these digests equal that
# baseline's.
CASES.update({f"{name}.per-replication-world": arguments + ["--set", 'run.world="per_replication"']
              for name, arguments in list(CASES.items()) if arguments[0] == "run"})

# Root attributes that describe the file's making (when, by which program and command), not the run's outcomes;
# and datasets whose name ends in `scenario`: a scenario's TOML text (`/scenario`, `/base_scenario`,
# `/capacity/steady_state_scenario`…), an input, which grows whenever a parameter is declared.
IGNORED_ATTRIBUTES = {"created_utc", "emile_version", "schema_version", "invocation"}

full_values = 64  # datasets up to this many elements are written in full
hash_digits = 16  # of the SHA-256, in hex: enough to tell any change


def ignored(key: str) -> bool:
    return key.rsplit("/", 1)[-1].endswith("scenario")


def number_text(value) -> str:
    if isinstance(value, (float, np.floating)):
        return "%.17g" % float(value)
    return str(int(value))


def value_text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (np.bool_, bool)):
        return str(int(value))
    return number_text(value)


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:hash_digits]


def array_bytes(data: np.ndarray) -> bytes:
    if data.dtype.kind in "OSU":
        return "\0".join(v.decode() if isinstance(v, bytes) else str(v) for v in data.reshape(-1)).encode()
    return np.ascontiguousarray(data).tobytes()


def dataset_digest(data: np.ndarray) -> str:
    """Small datasets in full; larger ones as type, shape, exact sum (numbers) and hash."""
    flat = data.reshape(-1)
    if flat.size <= full_values:
        return " ".join(value_text(v) for v in flat) if flat.size else "[]"
    shape = "x".join(str(n) for n in data.shape)
    if data.dtype.kind in "OSU":
        return f"str[{shape}] sha256={short_hash(array_bytes(data))}"
    return f"{data.dtype.kind}{data.dtype.itemsize * 8}[{shape}] sum={number_text(exact_sum(flat))} sha256={short_hash(array_bytes(data))}"


def exact_sum(flat: np.ndarray):
    return math.fsum(float(v) for v in flat) if flat.dtype.kind == "f" else int(flat.astype(np.int64).sum())


def statistics_digest(group) -> str:
    """One line for a group of same-shaped statistics (`/ensemble/<metric>/{mean,q05,q50,q95}`)."""
    names = sorted(group)
    sums = " ".join(f"{name}.sum={number_text(exact_sum(group[name][...].reshape(-1)))}" for name in names)
    return f"{sums} sha256={short_hash(b''.join(array_bytes(group[name][...]) for name in names))}"


def file_digest(path: Path) -> dict[str, str]:
    digest: dict[str, str] = {}
    with h5py.File(path, "r") as f:
        for name, value in sorted(f.attrs.items()):
            if name not in IGNORED_ATTRIBUTES:
                digest["@" + name] = value_text(value.item() if isinstance(value, np.generic) else value)

        def visit(name: str, obj) -> None:
            key = "/" + name
            if key.startswith("/ensemble/"):
                if isinstance(obj, h5py.Group) and key.count("/") == 2:
                    digest[key] = statistics_digest(obj)
            elif isinstance(obj, h5py.Dataset) and not ignored(key):
                digest[key] = dataset_digest(obj[()] if obj.shape == () else obj[...])

        f.visititems(visit)
    return digest


def run_case(emile: str, name: str, arguments: list[str], folder: Path) -> dict[str, str]:
    output = folder / f"{name}.h5"
    command = [emile, *arguments, "--quiet", "-o", str(output)]
    done = subprocess.run(command, cwd=SOURCE, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"golden: {name}: `{' '.join(command)}` exited {done.returncode}:\n{done.stderr}")
    return file_digest(output)


def digest_all(emile: str, names: list[str]) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="emile-golden-") as folder:
        return {name: run_case(emile, name, CASES[name], Path(folder)) for name in names}


def write_baseline(digests: dict[str, dict[str, str]]) -> None:
    lines = [
        "# The golden baseline of the shipped scenarios (tests/golden/golden.py; regenerate with",
        "# scripts/regenerate-golden.sh). One line per case and dataset: `case key = digest`.",
    ]
    for name, digest in digests.items():
        lines.append(f"# {name}: emile {' '.join(CASES[name])}")
        lines.extend(f"{name} {key} = {text}" for key, text in digest.items())
    BASELINE.write_text("\n".join(lines) + "\n")


def read_baseline() -> dict[str, dict[str, str]]:
    baseline: dict[str, dict[str, str]] = {}
    for number, line in enumerate(BASELINE.read_text().splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        head, sep, text = line.partition(" = ")
        case, _, key = head.partition(" ")
        if not sep or not key:
            sys.exit(f"golden: {BASELINE}:{number}: expected `case key = digest`")
        baseline.setdefault(case, {})[key] = text
    return baseline


def parse_values(text: str) -> dict[str, float] | None:
    """The numbers of a digest: its `label=number` words (sums) or, written in full, its values by position;
    None when it holds strings."""
    words = text.split()
    labelled = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("sha256="))
    try:
        if labelled:
            return {label: float(value) for label, value in labelled.items()}
        return {f"[{i}]": float(w) for i, w in enumerate(words)}
    except ValueError:
        return None


def describe_change(old: str, new: str) -> str:
    """What moved between two digests of one dataset: each number that changed, with the difference."""
    old_values, new_values = parse_values(old), parse_values(new)
    if old_values is None or new_values is None or old_values.keys() != new_values.keys():
        return f"{old}  ->  {new}"
    changes = [
        f"{label} {old_values[label]:.10g} -> {new_values[label]:.10g} ({new_values[label] - old_values[label]:+.6g})"
        for label in old_values
        if not (old_values[label] == new_values[label] or (math.isnan(old_values[label]) and math.isnan(new_values[label])))
    ]
    return ", ".join(changes) if changes else "same sums, different values"


def check(digests: dict[str, dict[str, str]]) -> int:
    baseline = read_baseline()
    moved, added = [], []
    for name, digest in digests.items():
        expected = baseline.get(name)
        if expected is None:
            moved.append(f"{name}: case not in the baseline")
            continue
        for key, text in expected.items():
            if key not in digest:
                moved.append(f"{name} {key}: missing from the results")
            elif digest[key] != text:
                moved.append(f"{name} {key}: {describe_change(text, digest[key])}")
        added.extend(f"{name} {key}" for key in digest if key not in expected)
    for line in added:
        print(f"golden: not in the baseline yet (regenerate to include it): {line}")
    if moved:
        print(f"golden: {len(moved)} outcome(s) moved from {BASELINE}:")
        for line in moved:
            print("  " + line)
        print("A refactor must leave them unchanged. A change of behaviour regenerates the baseline "
              "(scripts/regenerate-golden.sh) in a commit of its own saying what moved and why.")
        return 1
    print(f"golden: {sum(len(d) for d in digests.values())} digests of {len(digests)} cases match the baseline")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="compare with the baseline (fails when anything moved)")
    mode.add_argument("--write", action="store_true", help="regenerate the baseline")
    parser.add_argument("--emile", default=os.environ.get("EMILE_BIN", str(SOURCE / "build" / "cli" / "emile")))
    parser.add_argument("cases", nargs="*", help="cases to run (default: all)")
    arguments = parser.parse_args()
    unknown = [c for c in arguments.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; cases: {', '.join(CASES)}")
    names = arguments.cases or list(CASES)
    if arguments.write and arguments.cases:
        parser.error("--write regenerates every case")
    digests = digest_all(arguments.emile, names)
    if arguments.write:
        write_baseline(digests)
        print(f"golden: wrote {BASELINE} ({sum(len(d) for d in digests.values())} digests of {len(digests)} cases)")
        return 0
    return check(digests)


if __name__ == "__main__":
    sys.exit(main())
