#!/usr/bin/env bash
# The GPU figures of BENCHMARKS.md, in one device call (run from the repository root on the GPU
# machine, with .device/ carried: `bash .ci/gpu/fetch-debs.sh` here fills .device/debs; copy a
# store into .device/store and a training JSONL subset plus test.jsonl into .device/corpus).
# Writes its log and the benchmarks' JSON into $OUT (or ./gpu-figures).
# Usage: figures.sh [SECTION...], sections gpt2 fp32 default query pretrain trace (default: all).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${OUT:-gpu-figures}
mkdir -p "$out"
exec > >(tee -a "$out/figures.log") 2>&1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
sections=${*:-gpt2 fp32 default query pretrain trace}
wanted() { [[ " $sections " == *" $1 "* ]]; }
(source .ci/gpu/build.sh hullft bench_ttft > "$out/build.log" 2>&1) || { tail -40 "$out/build.log"; exit 1; }
lib=/opt/deb/usr/lib/x86_64-linux-gnu
export LD_LIBRARY_PATH="$lib:$lib/blas:$lib/lapack:${LD_LIBRARY_PATH:-}"
bench=./build-gpu/tests/benchmarks/bench_ttft
hullft=./build-gpu/app/hullft

if wanted gpt2; then
echo "== GPT-2 small (random weights), bf16: graph and Adam parity, finetuning with and without graphs, BPB, step parts"
HULLFT_BENCH_DEVICE=cuda HULLFT_BENCH_PRECISION=bf16 $bench \
  --benchmark_filter='BM_GraphParity|BM_AdamParity|BM_Finetune|BM_BitsPerByte|BM_StepParts|BM_ReplayedGradient|BM_AdamStep' \
  --benchmark_out="$out/bench_gpt2_bf16.json" --benchmark_out_format=json
fi
if wanted fp32; then
echo "== GPT-2 small, fp32, graphs"
HULLFT_BENCH_DEVICE=cuda HULLFT_BENCH_PRECISION=fp32 $bench --benchmark_filter='BM_Finetune/[0-9]/[0-9]/1/|BM_BitsPerByte'
fi
if wanted default; then
echo "== default model, bf16"
HULLFT_BENCH_DEVICE=cuda HULLFT_BENCH_MODEL=resources/models/default $bench \
  --benchmark_filter='BM_GraphParity|BM_Finetune|BM_BitsPerByte|BM_Generate160' \
  --benchmark_out="$out/bench_default.json" --benchmark_out_format=json
HULLFT_BENCH_DEVICE=cuda $bench --benchmark_filter='BM_Generate160'
fi

if wanted query && [ -d .device/store ]; then
  echo "== one HullFT query, N = 20, default model and store, in a fresh process"
  /usr/bin/time -f "wall %e s" $hullft query --store .device/store --text-file resources/examples/ecclesiastes_3.txt \
    --method hullft --n 20 --device cuda --json > "$out/query_cuda.json"
fi

if wanted pretrain; then
echo "== pretraining with a checkpoint every 20 steps, killed after the second, resumed"
python3 - <<'PY'
import json
c = json.load(open('resources/models/default/pretrain.json'))
c.update(steps=100, batch_size=16, checkpoint_interval=20, eval_interval=50, eval_batches=2, warmup_steps=10)
json.dump(c, open('/tmp/pretrain_small.json', 'w'))
PY
args=(--config /tmp/pretrain_small.json --train .device/corpus/train_small.jsonl --heldout .device/corpus/test.jsonl --device cuda)
rm -rf /tmp/pt /tmp/pt2
$hullft pretrain "${args[@]}" --out /tmp/pt; echo "uninterrupted run: exit $?"
$hullft pretrain "${args[@]}" --out /tmp/pt2 & pid=$!
while kill -0 $pid 2>/dev/null && ! grep -q '"step": 40' /tmp/pt2/checkpoint/state.json 2>/dev/null; do sleep 0.05; done
kill -9 $pid; wait $pid
$hullft pretrain "${args[@]}" --out /tmp/pt2; echo "resumed run: exit $?"
tail -n 2 /tmp/pt/loss.csv; tail -n 2 /tmp/pt2/loss.csv
fi

if wanted trace; then
  echo "== where an eager bf16 step's GPU time goes (Kineto trace of 3 steps)"
  (source .ci/gpu/build.sh trace_step >> "$out/build.log" 2>&1) || tail -30 "$out/build.log"
  ./build-gpu/tests/benchmarks/trace_step /tmp/step_trace.json bf16 && python3 .ci/gpu/kernel_summary.py /tmp/step_trace.json 3 30
fi
