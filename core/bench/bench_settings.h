#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/bench_queries.h"

namespace hullft {

// bench_settings.json beside results.csv: what a benchmark run is, so that a rerun with the same
// --out either continues the same run or refuses to mix results.
struct BenchSettings {
    // What the numbers mean: methods, Ns, queries per domain, K, r, lr, seed, ... A rerun must match.
    std::map<std::string, std::string> protocol;
    // What produced them: model and store identity, test split digest, device, tool version. A
    // rerun that still has runs to do must match; one that only renders the summary need not.
    std::map<std::string, std::string> environment;
    // Where the inputs were, for people; never compared (folders may move).
    std::map<std::string, std::string> locations;
    // The planned queries (id and domain; the text is re-read from the split).
    std::vector<BenchQuery> queries;
};

// Written atomically.
void writeBenchSettings(const std::string& path, const BenchSettings& settings);
// InputError naming `path` when it is not a settings file of this shape.
BenchSettings readBenchSettings(const std::string& path);

// "key: 'saved' before, 'now' now" for each key whose value differs or is missing on one side.
std::vector<std::string> settingDifferences(const std::map<std::string, std::string>& saved,
                                            const std::map<std::string, std::string>& now);

}  // namespace hullft
