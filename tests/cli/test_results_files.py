"""Every kind of results file, declared once and read back by `emile info`.

The tables of each kind are declared in models/src/results/tables.cpp; `emile tables --list` prints the
declaration one column per line and tests/golden/tables.txt pins it, so a renamed or retyped column is a visible
change in review. Each file an analysis writes holds its declared tables, and `emile info` describes it.
"""

import shutil

import h5py
import pytest

from cli_helpers import EXIT_BAD_INPUT, EXIT_OK, PILOT, SOURCE_DIR as SOURCE, run_emile

EXPANSION = SOURCE / "scenarios" / "expansion-2021.toml"
MOBILITY = SOURCE / "scenarios" / "variants" / "mobility-aid.toml"
PINNED = SOURCE / "tests" / "golden" / "tables.txt"
TARGETS = SOURCE / "scenarios" / "targets" / "pilot-2019.toml"

# The command writing each kind of file, small; the output option is added.
COMMANDS = {
    "run": ["run", PILOT, "-r", 2, "--seed", 3],
    "compare": ["compare", EXPANSION, MOBILITY, "-r", 2, "--seed", 3],
    "sweep": ["sweep", PILOT, "--vary", "territory.15.reserved_dwellings=5,20", "-r", 1, "--seed", 3],
    "capacity": ["capacity", PILOT, "-r", 2, "--warmup-weeks", 4, "--window-weeks", 13, "--seed", 3],
    "sensitivity": ["sensitivity", EXPANSION, "-r", 1, "--seed", 3],
    "sobol": ["sensitivity", PILOT, "--method", "sobol", "--samples", 3, "-r", 1, "--seed", 3],
    "calibrate": ["calibrate", PILOT, "--targets", TARGETS, "--particles", 10, "--generations", 2, "--seed", 3],
}
STORED_TYPES = {"int64": "i8", "int32": "i4", "uint8": "u1", "float64": "f8"}


def declared(emile):
    """{kind: {table: [(column, type), …]}} from `emile tables --list`."""
    done = run_emile(emile, "tables", "--list", cwd=SOURCE)
    assert done.returncode == EXIT_OK, done.stderr
    kinds = {}
    for line in done.stdout.splitlines():
        kind, table, column, column_type, *further = line.split(" ")
        kinds.setdefault(kind, {}).setdefault(table, []).append((column, column_type, bool(further)))
    return kinds


@pytest.fixture(scope="module")
def files(emile, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kinds")
    written = {}
    for kind, arguments in COMMANDS.items():
        output = folder / f"{kind}.h5"
        done = run_emile(emile, *arguments, "-o", output, "--quiet", cwd=folder)
        assert done.returncode == EXIT_OK, done.stderr
        written[kind] = output
    return written


def test_the_declared_tables_are_the_checked_in_list(emile):
    done = run_emile(emile, "tables", "--list", cwd=SOURCE)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout == PINNED.read_text(encoding="utf-8"), (
        "the declared results tables changed: if intended, bump results_schema_version, say what changed in "
        "docs/output-format.md and rewrite the list with `build/cli/emile tables --list > tests/golden/tables.txt`")


def test_every_kind_of_file_holds_its_declared_tables_with_their_types(emile, files):
    kinds = declared(emile)
    assert set(kinds) == set(COMMANDS)
    for kind, path in files.items():
        with h5py.File(path) as f:
            assert f.attrs["analysis"] == kind
            for table, columns in kinds[kind].items():
                group = f[table]
                stored = group.attrs["columns"].split(",")
                named = [c for c, _, further in columns if not further]
                assert [c for c in stored if c in named] == named, (kind, table)
                further = [t for c, t, f_ in columns if f_]
                for name in stored:
                    column_type = next((t for c, t, f_ in columns if c == name and not f_), None) or further[0]
                    dataset = group[name]
                    if column_type == "string":
                        assert h5py.check_string_dtype(dataset.dtype) is not None, (kind, table, name)
                    else:
                        assert dataset.dtype.str[1:] == STORED_TYPES[column_type], (kind, table, name, dataset.dtype)
                    assert dataset.attrs["description"], (kind, table, name)


def test_columns_carry_their_declared_units(files):
    with h5py.File(files["capacity"]) as f:
        assert f["capacity/relocations/per_year"].attrs["unit"] == "households/year"
        assert "unit" not in f["capacity/relocations/name"].attrs
    with h5py.File(files["run"]) as f:
        assert f["communes/latitude"].attrs["unit"] == "degrees"


def test_info_describes_every_kind_of_file(emile, files):
    shown = {"compare": ["/comparison", "moved_households"],
             "sweep": ["/sweep/points", "/sweep/means", "territory.15.reserved_dwellings"],
             "capacity": ["/capacity/relocations", "/capacity/resources", "binding", "per_year", "Cantal"],
             "sensitivity": ["/sensitivity/effects", "mu_star"],
             "sobol": ["/sobol/indices", "total_high", "origin.referrals_per_year"],
             "calibrate": ["/calibration/parameters", "posterior_mean", "/calibration/targets", "first-immersion"],
             "run": ["headline outcomes", "moved_households"]}
    for kind, path in files.items():
        done = run_emile(emile, "info", path, cwd=path.parent)
        assert done.returncode == EXIT_OK, (kind, done.stderr)
        assert f"kind:          {kind} " in done.stdout
        assert f"emile {COMMANDS[kind][0]} " in done.stdout  # the invocation that wrote it
        for text in shown[kind]:
            assert text in done.stdout, (kind, text)


def test_an_older_capacity_file_reads_its_former_column_under_the_current_name(emile, files, tmp_path):
    older = tmp_path / "capacity-schema-2.h5"
    shutil.copy(files["capacity"], older)
    with h5py.File(older, "r+") as f:
        f.attrs["schema_version"] = 2
        group = f["capacity/relocations"]
        group.move("per_year", "mean")
        group.attrs["columns"] = group.attrs["columns"].replace("per_year", "mean")
    done = run_emile(emile, "info", older, cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert "per_year" in done.stdout and "(results schema 2)" in done.stdout


def test_a_newer_or_unknown_file_is_refused_naming_the_versions_or_the_kinds(emile, files, tmp_path):
    newer = tmp_path / "newer.h5"
    shutil.copy(files["compare"], newer)
    with h5py.File(newer, "r+") as f:
        current = int(f.attrs["schema_version"])  # the version this emile writes
        f.attrs["schema_version"] = 99
    done = run_emile(emile, "info", newer, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert f"schema version 99 is newer than this emile reads (1 to {current})" in done.stderr
    unknown = tmp_path / "unknown.h5"
    shutil.copy(files["compare"], unknown)
    with h5py.File(unknown, "r+") as f:
        f.attrs["analysis"] = "forecast"
    done = run_emile(emile, "info", unknown, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert 'analysis = "forecast": not a kind of file this emile reads (run, compare, sweep, capacity, sensitivity, sobol, calibrate)' in done.stderr


def test_a_missing_declared_column_is_refused_naming_it(emile, files, tmp_path):
    damaged = tmp_path / "damaged.h5"
    shutil.copy(files["sweep"], damaged)
    with h5py.File(damaged, "r+") as f:
        group = f["sweep/means"]
        group.attrs["columns"] = ",".join(c for c in group.attrs["columns"].split(",") if c != "point")
    done = run_emile(emile, "info", damaged, cwd=tmp_path)
    assert done.returncode == EXIT_BAD_INPUT
    assert "/sweep/means: no column point" in done.stderr
