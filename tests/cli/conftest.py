"""Fixtures of the command-line tests; the plain helpers and constants they share are in cli_helpers.py."""

import os

import pytest

from cli_helpers import SOURCE_DIR, find_binary


@pytest.fixture(scope="session")
def emile():
    """The `emile` binary; skips the test when there is none."""
    binary = find_binary()
    if binary is None or not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.skip(f"no emile binary: set EMILE_BIN (looked for {binary or SOURCE_DIR / 'build*/cli/emile'})")
    return binary
