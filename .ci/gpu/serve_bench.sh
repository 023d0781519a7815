#!/usr/bin/env bash
# BENCHMARKS.md's "Serving" figures on the GPU machine, from the repository root with
# .device/powered carried (its corpus; build.sh's packages): `hullft serve --device cuda` with a
# model of GPT-2 small's shape (12 layers, 768 wide, 12 heads, 1,024 positions; random weights
# from transformers, the default model's byte-level tokenizer) over a hashed-embedder store of
# the default corpus, loaded by tests/benchmarks/serve_load.py: method base (40 requests) and
# hullft N = 20 (20 requests), one client, the first 1,000 bytes of held-out documents as prompts.
# Writes serve_base.json, serve_hullft.json and the server's log (its /metrics at the end) to $OUT (or ./serve-out).
set -eo pipefail
out=${OUT:-serve-out}
mkdir -p "$out" .device/debs
cp -n .device/powered/debs/*.deb .device/debs/
(source .ci/gpu/build.sh hullft > "$out/serve-build.log" 2>&1) || { tail -40 "$out/serve-build.log"; exit 1; }
lib=/opt/deb/usr/lib/x86_64-linux-gnu
export LD_LIBRARY_PATH="$lib:$lib/blas:$lib/lapack:${LD_LIBRARY_PATH:-}"
hullft=./build-gpu/app/hullft
python=/opt/torch/.venv/bin/python3
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

corpus=/tmp/powered-corpus model=/tmp/gpt2-small-shape store=/tmp/serve-store
if [ ! -f "$corpus/manifest.json" ]; then
  mkdir -p "$corpus"
  gunzip -c .device/powered/corpus/train.jsonl.gz > "$corpus/train.jsonl"
  cp .device/powered/corpus/test.jsonl "$corpus/"
  cp .device/powered/corpus/manifest.json "$corpus/"
fi
if [ ! -f "$model/model.safetensors" ]; then
  $python - "$model" <<'PY'
import sys, torch, transformers
torch.manual_seed(0)
config = transformers.GPT2Config(vocab_size=257, n_positions=1024, n_embd=768, n_layer=12, n_head=12,
                                 bos_token_id=256, eos_token_id=256)
transformers.GPT2LMHeadModel(config).save_pretrained(sys.argv[1], safe_serialization=True)
PY
  cp resources/models/default/tokenizer_config.json "$model/"
fi
[ -f "$store/manifest.json" ] || $hullft store build --store "$store" --corpus "$corpus" --embedder hashed --index flat 2>&1 | tail -2

port=8097
$hullft serve --model "$model" --store "$store" --device cuda --port $port --sessions /tmp/serve-sessions \
  > "$out/serve-server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do grep -q listening "$out/serve-server.log" && break; sleep 0.5; done
cat "$out/serve-server.log"
load() { $python tests/benchmarks/serve_load.py --url http://127.0.0.1:$port --split "$corpus/test.jsonl" --prompt-bytes 1000 "$@"; }
load --method base --requests 40 > "$out/serve_base.json"
load --method hullft --n 20 --requests 20 > "$out/serve_hullft.json"
$python -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/metrics').read().decode())" \
  >> "$out/serve-server.log" || true
kill -TERM $server; wait $server || true
cat "$out"/serve_*.json
