"""Files that are not complete results files, given to `emile info` and to `emile.open`.

Each must be refused with one clear message naming the file (and, when the file is HDF5, the object at fault):
exit code 2 and one line on stderr from the command, ResultsFileError (FileNotFoundError for a missing file) from
Python, never a crash, a traceback of another kind or HDF5's error stack printed on stderr. Both readers check the
same layout (docs/output-format.md), so the expected part of the message is the same.

The package and the binary are found by package_helpers.py (PYTHONPATH or EMILE_PYTHONPATH, EMILE_BIN).
"""

import shutil
import subprocess

import h5py
import numpy as np
import pytest

from package_helpers import PILOT, find_binary, import_emile

EXIT_BAD_INPUT = 2
SEED = 3

emile = import_emile()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A complete results file: the pilot, two replications."""
    path = tmp_path_factory.mktemp("good") / "good.h5"
    emile.run(PILOT, seed=SEED, replications=2, output=path, progress=False)
    return path


# ---- The corpus: how to make each file, and what its message must say ------------------------------------------

def edited(change):
    """A copy of the good file changed with h5py."""
    def make(good, path):
        shutil.copyfile(good, path)
        with h5py.File(path, "r+") as f:
            change(f)
    return make


def replace(name, value):
    def change(f):
        del f[name]
        f[name] = value
    return change


def cut(fraction=None, size=None):
    def make(good, path):
        data = good.read_bytes()
        path.write_bytes(data[:size if size is not None else int(len(data) * fraction)])
    return make


def garbage_after(keep):
    """The first `keep` bytes of the good file, the rest random (fixed seed)."""
    def make(good, path):
        data = good.read_bytes()
        path.write_bytes(data[:keep] + np.random.default_rng(7).bytes(len(data) - keep))
    return make


def write(data):
    def make(good, path):
        path.write_bytes(data)
    return make


def foreign(good, path):
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(3)
        f.attrs["title"] = "not an emile results file"


def unknown_kind(good, path):
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        f.attrs["analysis"] = "forecast"


def sweep_without_its_means(good, path):
    done = subprocess.run([str(find_binary()), "sweep", str(PILOT), "--vary", "origin.caseworkers=10,20", "-r", "1",
                           "-q", "-o", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with h5py.File(path, "r+") as f:
        del f["sweep/means"]


def first_heap_object_size(value):
    """The good file with the size of the first object of its first global heap (where variable-length strings live)
    set to `value`: damage HDF5 1.10 does not detect, and which made it copy past the heap (SIGSEGV)."""
    def make(good, path):
        data = bytearray(good.read_bytes())
        heap = data.index(b"GCOL\x01\x00\x00\x00")
        data[heap + 16 + 8:heap + 16 + 16] = value.to_bytes(8, "little")
        path.write_bytes(bytes(data))
    return make


def string_reference_index(good, path):
    """The good file with the first string of /timeseries/dates (a contiguous dataset, without checksum) pointing
    at an object index its heap does not hold."""
    with h5py.File(good, "r") as f:
        offset = f["timeseries/dates"].id.get_offset()
    data = bytearray(good.read_bytes())
    data[offset + 12:offset + 16] = (60000).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def billions_of_rows(good, path):
    """Every /summary column and /households column declares 2^31 rows that are never written: a file of a few
    hundred kilobytes whose reading would allocate gigabytes."""
    shutil.copyfile(good, path)
    with h5py.File(path, "r+") as f:
        f.attrs["replications"] = 2**31
        for table in ("summary",):
            for column in f[table].attrs["columns"].split(","):
                dtype = f[f"{table}/{column}"].dtype
                del f[f"{table}/{column}"]
                f.create_dataset(f"{table}/{column}", shape=(2**31,), dtype=dtype, chunks=(1 << 16,), compression="gzip")


def directory(good, path):
    path.mkdir()


def nothing(good, path):
    pass


SIGNATURE = b"\x89HDF\r\n\x1a\n"

# name: (how to make it, what the message says after "PATH: ")
CORPUS = {
    "empty": (write(b""), "empty file, not an HDF5 file"),
    "signature_only": (cut(size=8), "truncated HDF5 file (8 bytes)"),
    "truncated_47_bytes": (cut(size=47), "truncated HDF5 file (47 bytes)"),
    "truncated_1k": (cut(size=1024), "truncated HDF5 file"),
    "truncated_10pc": (cut(0.1), "truncated HDF5 file"),
    "truncated_half": (cut(0.5), "truncated HDF5 file"),
    "truncated_99pc": (cut(0.99), "truncated HDF5 file"),
    "truncated_last_byte": (cut(size=-1), "truncated HDF5 file"),
    "random_bytes": (write(np.random.default_rng(1).bytes(100_000)), "not an HDF5 file (no HDF5 signature"),
    "text": (write(b"emile results, honestly\n"), "not an HDF5 file (no HDF5 signature"),
    "signature_then_garbage": (write(SIGNATURE + np.random.default_rng(2).bytes(100_000)),
                               "cannot open as HDF5"),
    "metadata_garbage": (garbage_after(2048), "/: attribute schema_version: cannot look up: the file is corrupt"),
    "foreign_hdf5": (foreign, "not an emile results file (no schema_version attribute at the root)"),
    "unknown_kind": (unknown_kind, '/: attribute analysis = "forecast": not a kind of file this emile reads'),
    "sweep_without_its_means": (sweep_without_its_means, "/sweep/means: not found"),
    "newer_schema": (edited(lambda f: f.attrs.__setitem__("schema_version", 99)),
                     f"results schema version 99 is newer than this emile reads (1 to {emile.results_schema_version}); update emile"),
    "older_schema": (edited(lambda f: f.attrs.__setitem__("schema_version", 0)),
                     f"results schema version 0 is older than this emile reads (1 to {emile.results_schema_version}); rerun the scenario"),
    "no_communes": (edited(lambda f: f.__delitem__("communes")), "/communes: not found"),
    "no_invocation": (edited(lambda f: f.attrs.__delitem__("invocation")), "/: attribute invocation: not found"),
    "schema_version_text": (edited(lambda f: f.attrs.__setitem__("schema_version", "one")),
                            "/: attribute schema_version: holds string values, expected integers"),
    "seed_text": (edited(lambda f: f.attrs.__setitem__("seed", "seven")),
                  "/: attribute seed: holds string values, expected integers"),
    "no_replications_attribute": (edited(lambda f: f.attrs.__delitem__("replications")),
                                  "/: attribute replications: not found"),
    "no_scenario": (edited(lambda f: f.__delitem__("scenario")), "/scenario: not found"),
    "scenario_number": (edited(replace("scenario", 5)), "/scenario: holds integers, expected strings"),
    "no_metric": (edited(lambda f: f.__delitem__("timeseries/moved_households")),
                  "/timeseries/moved_households: not found"),
    "metric_flat": (edited(replace("timeseries/moved_households", np.zeros(3, dtype="i8"))),
                    "/timeseries/moved_households: shape [3], expected [2 x 55 x 7] (replications, steps, territories)"),
    "metric_one_replication": (edited(replace("timeseries/moved_households", np.zeros((1, 55, 7), dtype="i8"))),
                               "/timeseries/moved_households: shape [1 x 55 x 7], expected [2 x 55 x 7]"),
    "metric_floats": (edited(replace("timeseries/moved_households", np.zeros((2, 55, 7)))),
                      "/timeseries/moved_households: holds floating-point numbers, expected integers"),
    "metric_strings": (edited(replace("timeseries/in_eligible_persons", np.full((2, 55, 7), b"x"))),
                       "/timeseries/in_eligible_persons: holds strings, expected integers"),
    "no_dates": (edited(lambda f: f.__delitem__("timeseries/dates")), "/timeseries/dates: not found"),
    "dates_numbers": (edited(replace("timeseries/dates", np.arange(55))),
                      "/timeseries/dates: holds integers, expected strings"),
    "dates_dangling_link": (edited(replace("timeseries/dates", h5py.ExternalLink("nowhere.h5", "/dates"))),
                            "/timeseries/dates: not found"),
    "no_ensemble_band": (edited(lambda f: f.__delitem__("ensemble/moved_households/q95")),
                         "/ensemble/moved_households/q95: not found"),
    "ensemble_wrong_shape": (edited(replace("ensemble/moved_households/mean", np.zeros((55, 6)))),
                             "/ensemble/moved_households/mean: shape [55 x 6], expected [55 x 7] (steps, territories)"),
    "no_territories": (edited(lambda f: f.__delitem__("territories")), "/territories: not found"),
    "territory_codes_numbers": (edited(replace("territories/code", np.arange(7))),
                                "/territories/code: holds integers, expected strings"),
    "no_summary": (edited(lambda f: f.__delitem__("summary")), "/summary: not found"),
    "summary_a_dataset": (edited(replace("summary", np.arange(3))), "/summary: not a table (no columns attribute)"),
    "summary_column_missing": (edited(lambda f: f.__delitem__("summary/moved_households")),
                               "/summary/moved_households: not found (listed in the table's columns)"),
    "summary_column_too_long": (edited(replace("summary/moved_households", np.arange(7.0))),
                                "/summary/moved_households: holds 7 rows, column replication holds 2"),
    "summary_column_text": (edited(replace("summary/moved_households", np.array([b"a", b"b"]))),
                            "/summary/moved_households: holds strings, expected numbers"),
    "summary_one_row": (edited(lambda f: [replace(f"summary/{c}", f[f"summary/{c}"][:1])(f)
                                          for c in f["summary"].attrs["columns"].split(",")]),
                        "/summary: holds 1 rows, expected one per replication (2)"),
    "events_column_unlisted": (edited(lambda f: f["events"].attrs.__setitem__("columns", "replication,step")),
                               "/events: no column household (columns: replication,step)"),
    "stages_names_short": (edited(replace("stages/name", np.array([b"x"]))),
                           "/stages/name: holds 1 rows, column code holds 13"),
    "households_2d_column": (edited(replace("households/motivation", np.zeros((2, 2)))),
                             "/households/motivation: shape [2 x 2], expected a column (1-D)"),
    "heap_object_size_flipped": (first_heap_object_size(5 | 1 << 53),
                                 "/: attribute analysis: the global heap at byte "),
    "heap_object_size_zero_free_space": (first_heap_object_size(2**64 - 8),
                                         "/: attribute analysis: the global heap at byte "),
    "string_reference_to_nothing": (string_reference_index,
                                    "/timeseries/dates: string 0 refers to no stored string of its length"),
    "billions_of_rows": (billions_of_rows, "/summary/"),
    "territory_code_not_utf8": (edited(replace("territories/code", np.array([b"\xff\xfe"] * 7, dtype=object))),
                                "/territories/code: string 0 is not UTF-8 text: the file is damaged"),
    "directory": (directory, None),  # messages of their own, below
    "missing": (nothing, None),
}


@pytest.fixture(scope="module")
def corpus(good, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (make, _) in CORPUS.items():
        make(good, folder / f"{name}.h5")
    return folder


def test_the_good_file_passes_both_readers(good):
    done = subprocess.run([str(find_binary()), "info", str(good)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    results = emile.open(good)
    assert results.replications == 2 and len(results.summary()) == 2


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_info_refuses_it_with_one_line_naming_the_file(emile_binary, corpus, name):
    path = corpus / f"{name}.h5"
    done = subprocess.run([str(emile_binary), "info", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_BAD_INPUT, (done.returncode, done.stderr)
    assert done.stdout == ""
    expected = CORPUS[name][1]
    if expected is None:  # refused while the command line is parsed
        assert str(path) in done.stderr
        assert ("is actually a directory" if name == "directory" else "does not exist") in done.stderr
    else:
        assert done.stderr.count("\n") == 1, done.stderr
        assert done.stderr.startswith(f"emile: {path}: {expected}"), done.stderr


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_open_refuses_it_with_a_results_file_error_naming_the_file(corpus, name, capfd):
    path = corpus / f"{name}.h5"
    expected = CORPUS[name][1]
    error_type = FileNotFoundError if name == "missing" else emile.ResultsFileError
    with pytest.raises(OSError) as raised:
        emile.open(path)
    assert type(raised.value) is error_type, repr(raised.value)
    message = str(raised.value)
    if name == "missing":
        assert message == f"{path}: no such results file"
    elif name == "directory":
        assert message == f"{path}: a directory, not a regular file"
    else:
        assert message.startswith(f"{path}: {expected}"), message
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == "", captured.err[:2000]


# ---- Values that pass the layout check but cannot be what they claim ------------------------------------------

def set_value(name, value):
    def change(f):
        f[name][0] = value
    return change


DAMAGED_VALUES = {
    "stage_code_past_the_stages": (set_value("events/to", 99), "events", "/events"),
    "territory_row_past_the_territories": (set_value("households/territory", 42), "households", "/households"),
    "first_visit_not_a_date": (lambda f: replace("summary/first_visit_date",
                                                 np.array([b"2019-13-45", b""], dtype=h5py.string_dtype()))(f),
                               "summary", "/summary"),
}


@pytest.mark.parametrize("name", sorted(DAMAGED_VALUES))
def test_damaged_values_are_a_results_file_error_naming_the_object(good, tmp_path, name, capfd):
    change, method, where = DAMAGED_VALUES[name]
    path = tmp_path / f"{name}.h5"
    edited(change)(good, path)
    results = emile.open(path)  # the layout is complete: the damage shows only in the values
    with pytest.raises(emile.ResultsFileError) as raised:
        getattr(results, method)()
    assert str(raised.value).startswith(f"{path}: {where}: damaged values ("), str(raised.value)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
