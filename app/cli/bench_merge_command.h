#pragma once

#include <string>
#include <vector>

namespace hullft::cli {

// `hullft bench merge OUT SHARD_DIR... [--force]`: checks that the folders are every shard of
// one sweep (core/bench/bench_merge.h) and writes the merged benchmark to OUT. OUT must not be
// one of the shards, and an OUT that already holds results is refused without --force.
int runBenchMerge(const std::vector<std::string>& words);

}  // namespace hullft::cli
