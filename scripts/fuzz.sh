#!/usr/bin/env bash
# Fuzzes the scenario reader for SECONDS (default 60): builds fuzz/scenario_reader_fuzzer with clang, libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer into ./build-fuzz (that target only), then runs it on a fresh
# copy of the seed corpus fuzz/corpus/scenario_reader. Exits non-zero on any finding (crash, uncaught
# exception, sanitizer report, leak, input slower than 10 s, memory over 2 GB); the input that caused it is
# saved in build-fuzz/findings/. See docs/robustness.md.
#
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=$(nproc 2>/dev/null || echo 2)
# -fsanitize=fuzzer-no-link on every library and -fsanitize=fuzzer on the fuzzer come from EMILE_BUILD_FUZZERS.
flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS_DEBUG="$flags" -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DEMILE_BUILD_FUZZERS=ON -DEMILE_BUILD_TESTS=OFF -DEMILE_BUILD_PYTHON=OFF -DEMILE_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --parallel "$jobs" --target scenario_reader_fuzzer

corpus=build-fuzz/corpus/scenario_reader
findings=build-fuzz/findings
rm -rf "$corpus"
mkdir -p "$corpus" "$findings"
cp fuzz/corpus/scenario_reader/* "$corpus"/

export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
if ! build-fuzz/fuzz/scenario_reader_fuzzer "$corpus" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1; then
  echo "fuzz: finding(s) in $findings/ (reproduce: build-fuzz/fuzz/scenario_reader_fuzzer FILE)" >&2
  exit 1
fi
