#!/usr/bin/env bash
# BENCHMARKS.md's powered run, on the GPU machine from the repository root: the default model, a
# store of the whole default corpus (LM embedder, built on the GPU, flat index) and every held-out
# query of every domain (up to 12 each), methods base, knn, sift, hullft and hullft-noreuse at
# N = 1, 5, 10, 20, 50. Carry .device/powered: the Debian packages .ci/gpu/build.sh unpacks
# (without the ICU pair) in debs/, and the default corpus (`hullft corpus build` here) as
# corpus/{train.jsonl.gz,test.jsonl,manifest.json}.
# Idempotent: on a machine that still holds build-gpu/ and the store it only resumes the sweep.
# The sweep stops cleanly (as on Ctrl-C) after SECONDS and archives its folder to $OUT/NAME.tgz; calling the
# script again continues it. METHODS, NS and RESULTS (the folder under build-gpu/) narrow the
# sweep, e.g. METHODS=base,knn,sift,hullft NS=20 RESULTS=powered-n20 when device time is short. With `selection`, it first times SIFT, HullFT and kNN selection
# against the pool size on the machine's CPU (bench_selection's VsPool rows) into $OUT.
# Usage: powered_bench.sh SECONDS [selection]
set -eo pipefail
seconds=${1:?usage: powered_bench.sh SECONDS [selection]}
out=${OUT:-powered-out}
mkdir -p "$out" .device/debs
cp -n .device/powered/debs/*.deb .device/debs/
start=$(date +%s)
(source .ci/gpu/build.sh hullft bench_selection > "$out/build.log" 2>&1) || { tail -40 "$out/build.log"; exit 1; }
echo "build: $(( $(date +%s) - start )) s"
lib=/opt/deb/usr/lib/x86_64-linux-gnu
export LD_LIBRARY_PATH="$lib:$lib/blas:$lib/lapack:${LD_LIBRARY_PATH:-}"
hullft=./build-gpu/app/hullft
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
if [ "${2:-}" = selection ]; then
  lscpu | grep -E '^Model name|^CPU\(s\)'
  ./build-gpu/tests/benchmarks/bench_selection --benchmark_filter=VsPool \
    --benchmark_out="$out/selection_vs_pool.json" --benchmark_out_format=json | tail -50
fi

corpus=/tmp/powered-corpus store=/tmp/powered-store results=build-gpu/${RESULTS:-powered-bench}
if [ ! -f "$corpus/manifest.json" ]; then
  mkdir -p "$corpus"
  gunzip -c .device/powered/corpus/train.jsonl.gz > "$corpus/train.jsonl"
  cp .device/powered/corpus/test.jsonl "$corpus/"
  cp .device/powered/corpus/manifest.json "$corpus/"  # last: its presence means the copy is whole
fi
if [ ! -f "$store/manifest.json" ]; then
  t=$(date +%s)
  rm -rf "$store"
  $hullft store build --store "$store" --corpus "$corpus" --embedder lm --device cuda --index flat 2>&1 | tail -3
  echo "store build: $(( $(date +%s) - t )) s"
fi
$hullft store info "$store" | head -8

left=$(( seconds - ($(date +%s) - start) ))
if [ "$left" -gt 30 ]; then
  t=$(date +%s)
  # SIGINT is the sweep's Ctrl-C: it finishes the current run, writes its rows and stops.
  timeout -s INT "$left" $hullft bench --store "$store" --corpus "$corpus" --device cuda --out "$results" \
    --methods "${METHODS:-base,knn,sift,hullft,hullft-noreuse}" --n "${NS:-1,5,10,20,50}" --queries-per-domain 12 2>&1 | tail -4 || true
  echo "sweep: $(( $(date +%s) - t )) s this call"
fi
# One archive: the device returns at most 8 files per call (`hullft bench summary` redraws the rest).
name=$(basename "$results")
tar czf "$out/$name.tgz" -C "$results" . 2>/dev/null || true
wc -l "$results/results.csv" 2>/dev/null || true
