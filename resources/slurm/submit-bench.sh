#!/usr/bin/env bash
# Submits a `hullft bench` sweep to Slurm: a job array of SHARDS tasks, task I running shard I/SHARDS
# into OUT/shard-I-of-SHARDS, and a merge job that starts when every task succeeded and writes
# the merged results.csv, summary and plots into OUT. See README.md beside this file.
#
#   resources/slurm/submit-bench.sh SHARDS OUT [hullft bench options...]
#
# HULLFT: the hullft binary (default: hullft on PATH). HULLFT_SBATCH_OPTIONS: extra sbatch
# options for every shard (e.g. "--gres=gpu:1 --partition=gpu"); HULLFT_SBATCH_MERGE_OPTIONS:
# for the merge job.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 SHARDS OUT [hullft bench options...]" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=$1 out=$2
shift 2
case $shards in '' | *[!0-9]* | 0) echo "$0: SHARDS must be a positive integer, not '$shards'" >&2; exit 2 ;; esac
hullft=${HULLFT:-$(command -v hullft || true)}
[ -x "$hullft" ] || { echo "$0: no hullft binary: put it on PATH or set HULLFT" >&2; exit 2; }
mkdir -p "$out/slurm-logs"
out=$(cd "$out" && pwd)
# shellcheck disable=SC2086 # the option variables hold several words on purpose
array=$(sbatch --parsable --array=1-"$shards" --job-name=hullft-bench --output="$out/slurm-logs/shard-%a.log" \
  ${HULLFT_SBATCH_OPTIONS:-} "$here/bench-shard.sbatch" "$hullft" "$shards" "$out" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency=afterok:"$array" --job-name=hullft-bench-merge --output="$out/slurm-logs/merge.log" \
  ${HULLFT_SBATCH_MERGE_OPTIONS:-} "$here/bench-merge.sbatch" "$hullft" "$shards" "$out")
merge=${merge%%;*}
echo "array job $array ($shards shards), merge job $merge; logs in $out/slurm-logs"
