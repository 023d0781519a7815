#!/usr/bin/env python3
"""A copy of a store in which every sequence appears FACTOR times: the controlled-redundancy
sweep of BENCHMARKS.md ("Redundancy: the same store with every sequence repeated").

    python3 tests/benchmarks/duplicated_store.py SRC DST FACTOR
    build/tests/benchmarks/large_store_check reindex DST      # the index over the new rows

Copies c = 1 .. FACTOR-1 of sequence i get the id i + c * n (n: SRC's sequence count), the same
document, position, text and stored vector, so ids stay distinct and texts identical. The
per-document digests are dropped (a store without them is valid; `hullft store verify` then
checks rows without them), and the manifest's sequence counts are multiplied. DST must not exist.
"""
import json
import os
import sqlite3
import sys


def main():
    if len(sys.argv) != 4 or not sys.argv[3].isdigit() or int(sys.argv[3]) < 1:
        sys.exit(__doc__)
    source, target, factor = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(target)
    with sqlite3.connect(f"file:{source}/store.sqlite?mode=ro", uri=True) as original:
        copy = sqlite3.connect(f"{target}/store.sqlite")
        original.backup(copy)
    n = copy.execute("SELECT count(*) FROM sequences").fetchone()[0]
    for c in range(1, factor):
        copy.execute("INSERT INTO sequences (id, document_id, position, byte_offset, tokens, text) "
                     "SELECT id + ?, document_id, position, byte_offset, tokens, text FROM sequences WHERE id < ?", (c * n, n))
        copy.execute("INSERT INTO embeddings (sequence_id, vector) SELECT sequence_id + ?, vector FROM embeddings "
                     "WHERE sequence_id < ?", (c * n, n))
    if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'document_digests'").fetchone():
        copy.execute("DELETE FROM document_digests")
    manifest = json.loads(copy.execute("SELECT value FROM manifest WHERE key = 'manifest'").fetchone()[0])
    manifest["sequences"] = n * factor
    for domain in manifest["domains"].values():
        domain["sequences"] *= factor
    text = json.dumps(manifest, indent=2)
    copy.execute("UPDATE manifest SET value = ? WHERE key = 'manifest'", (text,))
    copy.commit()
    copy.close()
    with open(f"{target}/manifest.json", "w") as out:
        out.write(text + "\n")
    print(json.dumps({"store": target, "factor": factor, "sequences": n * factor}))


if __name__ == "__main__":
    main()
