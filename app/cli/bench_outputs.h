#pragma once

#include <string>

#include "bench/bench_merge.h"
#include "bench/bench_summary.h"

namespace hullft::cli {

// summary.md, summary.json and the plots (on a build with Qt) in `out`, each written atomically;
// prints the Markdown summary and the plots' paths.
void writeBenchOutputs(const BenchSummary& summary, const std::string& out);

// A merged sweep as one benchmark folder in `out`: bench_settings.json (without a shard),
// results.csv (every run in plan order) and writeBenchOutputs(). Rerunning `hullft bench` with
// the same options and this --out finds every run done and only writes the summary.
void writeMergedBench(const MergedBench& merged, const std::string& out);

// writeBenchOutputs() for the rows of `bench`, under the BPB rule its protocol names.
void writeBenchOutputsOf(const MergedBench& bench, const std::string& out);

}  // namespace hullft::cli
