#include "cli/bench_merge_command.h"

#include <filesystem>

#include "bench/bench_merge.h"
#include "cli/arguments.h"
#include "cli/bench_outputs.h"
#include "cli/cli_output.h"
#include "cli/output_path_check.h"
#include "common/errors.h"

namespace hullft::cli {

int runBenchMerge(const std::vector<std::string>& words) {
    const Arguments args(words, {}, {"force"});
    if (args.positional().size() < 2) throw UsageError("give OUT and the folder of every shard");
    const std::string out = args.positional().front();
    const std::vector<std::string> shards(args.positional().begin() + 1, args.positional().end());
    for (const std::string& shard : shards)
        if (isSamePath(out, shard)) throw InputError(out, "is one of the shards being merged; merge into another folder");
    if (std::filesystem::exists(out + "/results.csv") && !args.flag("force"))
        throw InputError(out + "/results.csv", "already exists; merge into another folder, or add --force to replace it");
    const MergedBench merged = mergeBenchShards(shards);
    printLine("hullft bench merge: " + std::to_string(shards.size()) + " shards, " + std::to_string(merged.rows.size()) +
              " runs into " + out + "/results.csv");
    writeMergedBench(merged, out);
    return kExitOk;
}

}  // namespace hullft::cli
