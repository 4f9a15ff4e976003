#!/usr/bin/env bash
# Configures and builds emile (Release) into ./build, then makes `import emile` work in /usr/bin/python3
# (scripts/setup-python.sh). Extra arguments go to CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMILE_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3 "$@" >/dev/null
cmake --build build --parallel "$jobs"
scripts/setup-python.sh build
