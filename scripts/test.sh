#!/usr/bin/env bash
# Sets up, builds and runs every test (C++ unit tests, command-line tests, Python tests) through CTest,
# printing how long each stage took. Extra arguments go to ctest (e.g. `-R Matching`).
set -euo pipefail
cd "$(dirname "$0")/.."
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "=== $name"
  "$@"
  echo "=== $name: $((SECONDS - start)) s"
}
stage setup scripts/setup.sh
stage build scripts/build.sh
stage test ctest --test-dir build --output-on-failure --parallel "$(nproc 2>/dev/null || echo 2)" "$@"
