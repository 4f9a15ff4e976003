"""Fixtures of the Python package's tests; the package and the helpers they share are in package_helpers.py."""

import pytest

from package_helpers import find_binary


@pytest.fixture
def emile_binary():
    """The `emile` command, for comparisons with the package; skips the test when there is none."""
    binary = find_binary()
    if binary is None or not binary.is_file():
        pytest.skip("no emile binary: set EMILE_BIN")
    return binary
