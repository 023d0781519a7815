#include "cli/bench_outputs.h"

#include <filesystem>

#include "bench/bench_row.h"
#include "cli/cli_output.h"
#include "common/atomic_file.h"
#include "eval/bpb_rule.h"
#ifdef HULLFT_WITH_PLOTS
#include "bench_plots.h"
#endif

namespace hullft::cli {

void writeBenchOutputs(const BenchSummary& summary, const std::string& out) {
    const std::string markdown = summaryMarkdown(summary);
    writeFileAtomically(out + "/summary.md", markdown);
    writeFileAtomically(out + "/summary.json", summaryJson(summary) + "\n");
    printLine(markdown);
#ifdef HULLFT_WITH_PLOTS
    for (const std::string& png : renderBenchPlots(summary, out)) printLine("plot: " + png);
#else
    printLine("plots skipped: this hullft was built without Qt (HULLFT_BUILD_GUI=OFF). To render them, copy " + out +
              " to a machine with a Qt build and rerun the same `hullft bench` command with --out " + out +
              ": it finds every run done and only writes the summary and the plots.");
#endif
}

void writeMergedBench(const MergedBench& merged, const std::string& out) {
    std::filesystem::create_directories(out);
    std::string csv = benchCsvHeader() + "\n";
    for (const BenchRow& row : merged.rows) csv += benchRowToCsv(row) + "\n";
    // Settings last: a folder with settings and no complete results.csv would look resumable.
    writeFileAtomically(out + "/results.csv", csv);
    writeBenchSettings(out + "/bench_settings.json", merged.settings);
    writeBenchOutputsOf(merged, out);
}

void writeBenchOutputsOf(const MergedBench& bench, const std::string& out) {
    // A sweep from before the protocol named its rule was scored under the reference rule.
    const auto rule = bench.settings.protocol.find("bpb_rule");
    const std::string bpbRule = rule != bench.settings.protocol.end() ? rule->second : bpbRuleName(BpbRule::Reference);
    writeBenchOutputs(summarizeBench(bench.rows, bench.methods, bench.ns, bpbRule), out);
}

}  // namespace hullft::cli
