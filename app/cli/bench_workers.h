#pragma once

#include <string>
#include <vector>

#include "bench/bench_runner.h"

namespace hullft::cli {

// `hullft bench --devices cuda:0,cuda:1,...`: one worker process per device on this host, each
// running shard I/N of the sweep in OUT/shard-I-of-N (a `hullft bench --shard I/N` with its own
// log there), then the merged benchmark in OUT.
struct BenchWorkersJob {
    std::vector<std::string> benchWords;  // the bench command's options, without --devices, --out, --device, --shard
    std::vector<std::string> devices;     // parseBenchDevices()
    std::string out;
    std::vector<BenchRun> plan;           // the whole sweep, for progress
};

// "cpu" or "cuda:K" entries, comma-separated (cpu may repeat; a GPU may not). UsageError otherwise.
std::vector<std::string> parseBenchDevices(const std::string& text);

// The folder of shard `index` of `count` inside `out`.
std::string benchShardDirectory(const std::string& out, int index, int count);

// Starts the workers, shows the sweep's progress from their results files, forwards Ctrl-C
// (each worker then stops after its current run, a second Ctrl-C aborts it) and, when every
// worker finished, writes the merged benchmark to `out`. A worker on cuda:K sees only GPU K
// (CUDA_VISIBLE_DEVICES). CPU workers keep the thread count an unsharded run would use, since
// LibTorch's CPU sums depend on it and the merged results must equal an unsharded run's. Workers
// die with this process. Returns false when a worker stopped early or failed (its log's last
// lines are printed); rerunning the same command resumes every shard.
bool runBenchWorkers(const BenchWorkersJob& job);

}  // namespace hullft::cli
