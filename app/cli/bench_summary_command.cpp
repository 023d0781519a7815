#include "cli/bench_summary_command.h"

#include "bench/bench_merge.h"
#include "cli/arguments.h"
#include "cli/bench_outputs.h"
#include "cli/cli_output.h"
#include "common/errors.h"

namespace hullft::cli {

int runBenchSummary(const std::vector<std::string>& words) {
    const Arguments args(words, {}, {});
    if (args.positional().size() != 1) throw UsageError("give the benchmark folder");
    const std::string& folder = args.positional().front();
    const MergedBench bench = readBenchFolder(folder);
    printLine("hullft bench summary: " + std::to_string(bench.rows.size()) + " runs of " + folder + "/results.csv");
    writeBenchOutputsOf(bench, folder);
    return kExitOk;
}

}  // namespace hullft::cli
