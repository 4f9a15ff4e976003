#!/usr/bin/env bash
# Builds the C++ unit tests with AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (gcc, -O1, debug
# information, assertions on) into ./build-asan and runs them through CTest. Any sanitizer report fails the
# run. The pytest suites (`mpi` among them) and the golden baseline are not run: the command-line tool is not
# built here, and the Python package would be loaded into an uninstrumented Python.
# Tests named or labelled `national` or `scale` are left out too: they are too big for an instrumented build.
# Extra arguments go to ctest (e.g. `-R Matching`). See docs/robustness.md.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_C_FLAGS_DEBUG="$flags" -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DEMILE_BUILD_TESTS=ON -DEMILE_BUILD_PYTHON=OFF -DEMILE_BUILD_BENCH=OFF >/dev/null

# gtest_discover_tests runs each test executable at build time, so the options apply to the build as well.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

cmake --build build-asan --parallel "$jobs" --target emile_cpp_tests
ctest --test-dir build-asan --output-on-failure --parallel "$jobs" \
  --exclude-regex '^(cli|python|golden|mpi)$|(^|[._])(national|scale)([._]|$)' --label-exclude '^(national|scale)$' "$@"
