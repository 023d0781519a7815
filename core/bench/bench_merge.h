#pragma once

#include <string>
#include <vector>

#include "bench/bench_row.h"
#include "bench/bench_settings.h"

namespace hullft {

// A sweep run as shards (`hullft bench --shard I/N`), joined back into one benchmark.
struct MergedBench {
    // The shards' common settings: the protocol without its "shard" entry, the first shard's
    // environment and locations (with every shard's device, comma-separated, when they differ),
    // and the planned queries.
    BenchSettings settings;
    std::vector<std::string> methods;  // from the protocol, in its order
    std::vector<int> ns;
    std::vector<BenchRow> rows;        // every planned run once, in plan order
};

// Reads `bench_settings.json` and `results.csv` of each shard folder, without changing them,
// and checks that they are the shards 1..N of one sweep: the same protocol, queries and
// environment (devices may differ, their kind may not), each shard holding exactly the runs
// benchShardRuns() gives it, so every run is in the result exactly once. InputError naming the
// folder or file and the problem otherwise (an unfinished shard says to rerun its command).
MergedBench mergeBenchShards(const std::vector<std::string>& shardDirectories);

// An unsharded benchmark folder as it stands, read without changing it: its settings, the
// protocol's methods and Ns, and its rows (finished or not). InputError for a shard's folder.
MergedBench readBenchFolder(const std::string& directory);

}  // namespace hullft
