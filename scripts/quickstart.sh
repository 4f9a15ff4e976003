#!/usr/bin/env bash
# The main job, end to end on a fresh Debian machine: installs what emile needs, builds it, runs the shipped
# pilot-2019 scenario and prints its summary. Results: ./pilot-2019.h5 (override with -o; other `emile run`
# arguments pass through, e.g. `scripts/quickstart.sh -r 20`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/cli/emile run scenarios/pilot-2019.toml -o pilot-2019.h5 "$@"
