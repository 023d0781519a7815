#!/bin/sh
# Runs one libFuzzer target of tests/*/fuzz (hullft_add_fuzz_test in tests/CMakeLists.txt) for a
# bounded time from its committed seed corpus.
# New inputs go to a scratch folder, never into the committed corpus; crashes land in WORKDIR.
# Usage: run_fuzzer.sh FUZZER SEED_CORPUS WORKDIR SECONDS
set -eu
fuzzer=$1 seeds=$2 work=$3 seconds=$4
rm -rf "$work"
mkdir -p "$work/corpus"
exec "$fuzzer" "$work/corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=32768 -print_final_stats=1 -artifact_prefix="$work/"
