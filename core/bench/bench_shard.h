#pragma once

#include <string>
#include <vector>

#include "bench/bench_runner.h"

namespace hullft {

// One part of a sweep split across processes, GPUs or cluster tasks: shard `index` of `count`,
// counted from 1 ("2/3" is the second of three).
struct BenchShard {
    int index = 1;
    int count = 1;
};

// "I/N" with 1 <= I <= N <= kMaxBenchShards; UsageError naming `option` otherwise.
BenchShard parseBenchShard(const std::string& text, const std::string& option);
// "I/N".
std::string benchShardName(const BenchShard& shard);

inline constexpr int kMaxBenchShards = 10000;

// The runs of `plan` that belong to `shard`, in plan order. Every run belongs to exactly one
// shard, and the split depends only on the plan and the shard count: runs are dealt out by
// decreasing work (1 + N, plan order among equals), each to the shard with the least work so
// far (the lowest index among equals), so shards of a sweep over several N finish together.
std::vector<BenchRun> benchShardRuns(const std::vector<BenchRun>& plan, const BenchShard& shard);

}  // namespace hullft
