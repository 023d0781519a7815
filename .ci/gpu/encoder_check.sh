#!/usr/bin/env bash
# Run on the GPU machine from the repo root (see README, "GPU machine"): the encoder embedder at
# RoBERTa-large's shape on CUDA (ours, fp32 and bf16, against transformers' RobertaModel), and
# HfEmbedder on CUDA against the CPU on a small corpus, as BENCHMARKS.md's encoder table reports.
# Carry .device/debs without the two ICU packages (the tracked tree plus every deb is over the
# device tool's 64 MiB); the machine's own ICU then serves, if it has one.
set -eo pipefail
source .ci/gpu/build.sh bench_encoder hullft
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for p in fp32 bf16; do ./build-gpu/tests/benchmarks/bench_encoder --device cuda --precision "$p" --batch 32 --batches 10; done
for p in fp32 bf16; do python3 tests/benchmarks/transformers_encoder_rate.py "$p" 32; done
# A corpus folder of the encoder fixtures' texts, repeated, in the corpus layout a store build reads.
corpus=/tmp/encoder-check-corpus
python3 - "$corpus" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
texts = json.load(open("tests/data/model/encoders/texts.json"))
texts = texts if isinstance(texts, list) else list(texts.values())
lines = []
for i in range(200):
    text = "%d: %s" % (i, texts[i % len(texts)])
    lines.append(json.dumps({"domain": "check", "id": "%016x" % i, "licence": "CC0", "package": "", "package_version": "",
                             "part": str(i), "path": "check", "sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text}) + "\n")
train = "".join(lines).encode()
open(out + "/train.jsonl", "wb").write(train); open(out + "/test.jsonl", "wb").write(b"")
json.dump({"recipe": "encoder-check", "recipe_sha256": "a" * 64, "train_sha256": hashlib.sha256(train).hexdigest(),
           "test_sha256": hashlib.sha256(b"").hexdigest()}, open(out + "/manifest.json", "w"))
PY
for d in cpu cuda; do
  rm -rf "/tmp/encoder-check-$d"
  ./build-gpu/app/hullft store build --store "/tmp/encoder-check-$d" --corpus "$corpus" \
      --embedder hf:tests/data/model/encoders/roberta --device "$d" 2>&1 | tail -1
done
python3 - <<'PY'
import sqlite3, struct, json
def vectors(path):
    rows = sqlite3.connect(path + "/store.sqlite").execute("SELECT sequence_id, vector FROM embeddings ORDER BY sequence_id")
    return {i: struct.unpack("%df" % (len(b) // 4), b) for i, b in rows}
a, b = vectors("/tmp/encoder-check-cpu"), vectors("/tmp/encoder-check-cuda")
assert a.keys() == b.keys()
print(json.dumps({"sequences": len(a), "max_abs_difference_cuda_vs_cpu": max(abs(x - y) for i in a for x, y in zip(a[i], b[i]))}))
PY
