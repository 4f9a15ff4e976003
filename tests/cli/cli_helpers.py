"""What the command-line tests share: where the repository and the binary are, exit codes, running `emile`, and
reading results files. The `emile` fixture (the binary, or a skip) is in conftest.py.

The binary comes from EMILE_BIN and the repository from EMILE_SOURCE_DIR; both fall back to paths relative to
this file.
"""

import os
import subprocess
from pathlib import Path

import h5py
import numpy as np

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("EMILE_SOURCE_DIR") or HERE.parents[1]).resolve()
PILOT = SOURCE_DIR / "scenarios" / "pilot-2019.toml"


def pilot_text():
    """The pilot scenario's text with its data files (`../data/…`) named by absolute paths, so that a copy of it
    written anywhere finds them."""
    return PILOT.read_text(encoding="utf-8").replace('"../data/', f'"{SOURCE_DIR / "data"}/')

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130
TIMEOUT = 120  # seconds for one command; the longest run here takes a few seconds

FLOWS = ["referred", "enrolled", "proposed", "immersed", "committed", "matched", "moved", "settled", "housed",
         "returned", "withdrawn", "ineligible"]


def find_binary():
    """The `emile` binary: EMILE_BIN, else the first `build*/cli/emile` of the repository, else None."""
    if os.environ.get("EMILE_BIN"):
        return Path(os.environ["EMILE_BIN"])
    for candidate in sorted(SOURCE_DIR.glob("build*/cli/emile")):
        if candidate.is_file():
            return candidate
    return None


def run_emile(binary, *args, cwd, **options):
    """Runs `emile ARGS` in `cwd` and returns the completed process (text in and out, UTF-8). The timeout is
    TIMEOUT unless `options` give one."""
    options.setdefault("timeout", TIMEOUT)
    return subprocess.run([str(binary), *map(str, args)], cwd=cwd, capture_output=True, encoding="utf-8",
                          errors="replace", **options)


def files_in(folder):
    """Every file below `folder`, hidden ones included (temporary results files start with a dot)."""
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*") if p.is_file())


# ---- Reading results files ----------------------------------------------------------------------------------

def plain(value):
    """An HDF5 attribute or element as a Python value: bytes decoded, numpy scalars unwrapped."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def table(group):
    """A results table as {column: numpy array}, strings as str."""
    return {c: group[c].asstr()[()] if h5py.check_string_dtype(group[c].dtype) else group[c][()]
            for c in group.attrs["columns"].split(",")}


def read_tree(path):
    """Root attributes, and {name: (kind, attributes, value)} for every group and dataset of an HDF5 file."""
    tree = {}
    with h5py.File(path, "r") as f:
        root = {key: plain(value) for key, value in f.attrs.items()}

        def visit(name, item):
            attributes = {key: plain(value) for key, value in item.attrs.items()}
            if isinstance(item, h5py.Dataset):
                tree[name] = ("dataset", attributes, np.asarray(item[()]))
            else:
                tree[name] = ("group", attributes, None)

        f.visititems(visit)
    return root, tree


def same_values(a, b):
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return np.array_equal(a, b, equal_nan=True)
    return np.array_equal(a, b)


# Root attributes that say how a file was made (when, by which command), not what the run produced.
MAKING_ATTRIBUTES = {"created_utc", "invocation"}


def differences(path_a, path_b):
    """Names of the groups, datasets and attributes that differ between two results files (but MAKING_ATTRIBUTES)."""
    root_a, tree_a = read_tree(path_a)
    root_b, tree_b = read_tree(path_b)
    found = []
    for key in sorted(set(root_a) | set(root_b)):
        if key not in MAKING_ATTRIBUTES and root_a.get(key) != root_b.get(key):
            found.append(f"/ attribute {key}: {root_a.get(key)!r} != {root_b.get(key)!r}")
    for name in sorted(set(tree_a) | set(tree_b)):
        if name not in tree_a or name not in tree_b:
            found.append(f"/{name}: only in {'the first' if name in tree_a else 'the second'} file")
            continue
        kind_a, attributes_a, value_a = tree_a[name]
        kind_b, attributes_b, value_b = tree_b[name]
        if kind_a != kind_b or attributes_a != attributes_b:
            found.append(f"/{name}: kind or attributes differ")
        elif kind_a == "dataset" and not same_values(value_a, value_b):
            found.append(f"/{name}: values differ")
    return found
