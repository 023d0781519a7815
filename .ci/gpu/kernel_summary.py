#!/usr/bin/env python3
"""Sums the GPU kernel time of a Chrome trace (trace_step's) by kernel name, per traced step.

Usage: kernel_summary.py TRACE.json STEPS [TOP]
"""
import collections
import json
import sys


def main():
    path, steps = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    events = json.load(open(path))["traceEvents"]
    kernels = [e for e in events if e.get("cat") in ("kernel", "gpu_memcpy", "gpu_memset") and "dur" in e]
    if not kernels:
        sys.exit(f"{path}: no GPU kernel events (is CUPTI available here?)")
    total = collections.Counter()
    count = collections.Counter()
    for e in kernels:
        total[e["name"]] += e["dur"]
        count[e["name"]] += 1
    busy = sum(total.values())
    first = min(e["ts"] for e in kernels)
    last = max(e["ts"] + e["dur"] for e in kernels)
    print(f"GPU busy {busy / steps / 1e3:.3f} ms per step over {len(kernels) // steps} kernels; "
          f"first to last kernel {(last - first) / steps / 1e3:.3f} ms per step")
    for name, us in total.most_common(top):
        print(f"{us / steps / 1e3:8.3f} ms {us / busy * 100:5.1f}% x{count[name] // steps:<4} {name[:110]}")


if __name__ == "__main__":
    main()
