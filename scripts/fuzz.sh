#!/usr/bin/env bash
# Fuzzes emile's readers for SECONDS in all (default 180): builds the libFuzzer targets of fuzz/ with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer into ./build-fuzz (those targets only), then runs each FUZZER
# (default: all three, one after the other) for an equal share of SECONDS on a fresh copy of its seed corpus
# fuzz/corpus/FUZZER:
#
#   scenario_reader     a scenario's TOML text          inputs up to 16 KiB
#   results_reader      a results file (HDF5)           inputs up to 1 MiB (the seed results file is 1,016 KiB)
#   checkpoint_reader   a checkpoint file's payload     inputs up to 64 KiB
#
# Exits non-zero on any finding (crash, uncaught exception, sanitizer report, leak, input slower than 10 s,
# memory over 2 GB) after running every FUZZER, naming each that found something; the input that caused it is
# saved in build-fuzz/findings/ as FUZZER-crash-…, FUZZER-leak-…, FUZZER-timeout-… or FUZZER-oom-…. See
# docs/robustness.md.
#
# Usage: scripts/fuzz.sh [SECONDS [FUZZER…]]     e.g. scripts/fuzz.sh 600 results_reader
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
shift $(($# > 0 ? 1 : 0))
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(scenario_reader results_reader checkpoint_reader)
declare -A max_len=([scenario_reader]=16384 [results_reader]=1048576 [checkpoint_reader]=65536)
for fuzzer in "${fuzzers[@]}"; do
  [ -n "${max_len[$fuzzer]:-}" ] || { echo "fuzz: no fuzzer $fuzzer (${!max_len[*]})" >&2; exit 2; }
done
share=$((seconds / ${#fuzzers[@]}))
[ "$share" -ge 1 ] || { echo "fuzz: $seconds s is less than a second per fuzzer" >&2; exit 2; }

jobs=$(nproc 2>/dev/null || echo 2)
# -fsanitize=fuzzer-no-link on every library and -fsanitize=fuzzer on the fuzzers come from EMILE_BUILD_FUZZERS.
flags="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS_DEBUG="$flags" -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DEMILE_BUILD_FUZZERS=ON -DEMILE_BUILD_TESTS=OFF -DEMILE_BUILD_PYTHON=OFF -DEMILE_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --parallel "$jobs" --target "${fuzzers[@]/%/_fuzzer}"

findings=build-fuzz/findings
mkdir -p "$findings"
# Leaks libhdf5 makes on damaged files, which emile cannot free: scripts/lsan.supp says why.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"

failed=()
for fuzzer in "${fuzzers[@]}"; do
  corpus=build-fuzz/corpus/$fuzzer
  rm -rf "$corpus"
  mkdir -p "$corpus"
  cp fuzz/corpus/"$fuzzer"/* "$corpus"/
  echo "--- fuzz $fuzzer: $share s"
  if ! build-fuzz/fuzz/"$fuzzer"_fuzzer "$corpus" \
      -max_total_time="$share" -max_len="${max_len[$fuzzer]}" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/$fuzzer-" -print_final_stats=1; then
    failed+=("$fuzzer")
  fi
done
for fuzzer in "${failed[@]}"; do
  echo "fuzz: $fuzzer: finding(s) in $findings/$fuzzer-* (reproduce:" \
    "LSAN_OPTIONS=suppressions=scripts/lsan.supp build-fuzz/fuzz/${fuzzer}_fuzzer FILE)" >&2
done
[ ${#failed[@]} -eq 0 ]
