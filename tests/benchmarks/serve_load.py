#!/usr/bin/env python3
"""Load on a running `hullft serve`: requests/s, client latency p50/p95/p99 and the service's
overhead over the in-process pipeline (BENCHMARKS.md, "Serving").

    build/app/hullft serve --port 8080 &
    python3 tests/benchmarks/serve_load.py --split CORPUS/test.jsonl --method hullft --n 20 \\
        --requests 40 --clients 1 [--url http://127.0.0.1:8080] [--max-tokens 16] [--prompt-bytes 1024]

Prompts are the held-out documents' first --prompt-bytes bytes (cut at a UTF-8 boundary), taken
in turn. Each request's overhead is its client latency minus the pipeline's own total
(ttft.queries[0].timings_s.total, which includes the completion) and minus its wait in the queue
(ttft.queue_s, which includes the base-weights check of the request before it): HTTP, JSON and
the hand-over to the worker. Percentiles are nearest-rank. Prints one JSON object.
"""
import argparse
import http.client
import json
import math
import threading
import time
import urllib.parse


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def prompts_from(split, prompt_bytes):
    prompts = []
    with open(split, encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"].encode()[:prompt_bytes].decode("utf-8", "ignore")
            if len(text.encode()) >= 2:
                prompts.append(text)
    return prompts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--split", required=True)
    parser.add_argument("--method", default="hullft")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--max-tokens", type=int, default=16)
    parser.add_argument("--prompt-bytes", type=int, default=1024)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    prompts = prompts_from(args.split, args.prompt_bytes)
    results, failures, lock = [], [], threading.Lock()
    counter = iter(range(args.requests))

    def client():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            body = json.dumps({"prompt": prompts[index % len(prompts)], "max_tokens": args.max_tokens,
                               "temperature": 0, "ttft": {"method": args.method, "n": args.n}})
            start = time.perf_counter()
            connection.request("POST", "/v1/completions", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            latency = time.perf_counter() - start
            with lock:
                if response.status != 200:
                    failures.append((response.status, answer[:200].decode(errors="replace")))
                    continue
                ttft = json.loads(answer)["ttft"]
                results.append((latency, ttft["queries"][0]["timings_s"]["total"], ttft["queue_s"]))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = [latency for latency, _, _ in results]
    overheads = [(latency - pipeline - queue) * 1000 for latency, pipeline, queue in results]
    queues = [queue * 1000 for _, _, queue in results]
    print(json.dumps({
        "method": args.method, "n": args.n, "clients": args.clients, "requests": len(results),
        "failures": failures, "requests_per_s": len(results) / wall,
        "latency_s": {f"p{p}": nearest_rank(latencies, p) for p in (50, 95, 99)},
        "overhead_ms": {f"p{p}": nearest_rank(overheads, p) for p in (50, 95, 99)},
        "queue_ms": {f"p{p}": nearest_rank(queues, p) for p in (50, 95, 99)},
        "prompt_bytes": args.prompt_bytes, "max_tokens": args.max_tokens,
    }, indent=1))


if __name__ == "__main__":
    main()
