#!/usr/bin/env bash
# Rewrites the golden baseline (tests/golden/baseline.txt) from the built `emile` (build/cli/emile, or $EMILE_BIN).
# Only for a change of behaviour: commit the new baseline on its own, saying what moved and why
# (`git diff tests/golden/baseline.txt` shows it). `tests/golden/golden.py --check` is the CTest test `golden`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 tests/golden/golden.py --write "$@"
