#include "bench/bench_shard.h"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "common/errors.h"

namespace hullft {
namespace {

[[noreturn]] void refuse(const std::string& text, const std::string& option) {
    throw UsageError(option + ": '" + text + "' is not I/N with 1 <= I <= N <= " + std::to_string(kMaxBenchShards) + " (e.g. " +
                     option + " 2/3 for the second of three shards)");
}

int parseCount(const std::string& digits, const std::string& text, const std::string& option) {
    char* end = nullptr;
    const long value = digits.empty() ? 0 : std::strtol(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || value < 1 || value > kMaxBenchShards) refuse(text, option);
    return static_cast<int>(value);
}

}  // namespace

BenchShard parseBenchShard(const std::string& text, const std::string& option) {
    const size_t slash = text.find('/');
    if (slash == std::string::npos) refuse(text, option);
    const BenchShard shard{parseCount(text.substr(0, slash), text, option), parseCount(text.substr(slash + 1), text, option)};
    if (shard.index > shard.count) refuse(text, option);
    return shard;
}

std::string benchShardName(const BenchShard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

std::vector<BenchRun> benchShardRuns(const std::vector<BenchRun>& plan, const BenchShard& shard) {
    std::vector<size_t> order(plan.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return benchRunWork(plan[a]) > benchRunWork(plan[b]); });
    std::vector<double> load(static_cast<size_t>(shard.count), 0.0);
    std::vector<bool> mine(plan.size(), false);
    for (const size_t run : order) {
        const size_t lightest = static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        load[lightest] += benchRunWork(plan[run]);
        mine[run] = lightest == static_cast<size_t>(shard.index - 1);
    }
    std::vector<BenchRun> runs;
    for (size_t run = 0; run < plan.size(); ++run)
        if (mine[run]) runs.push_back(plan[run]);
    return runs;
}

}  // namespace hullft
