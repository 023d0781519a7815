#include "cli/stream_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>

#include "bench/query_stream.h"
#include "bench/stream_plan.h"
#include "bench/stream_summary.h"
#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/default_paths.h"
#include "cli/pipeline_setup.h"
#include "cli/progress_printer.h"
#include "common/append_only_file.h"
#include "common/atomic_file.h"
#include "common/cancellation.h"
#include "common/errors.h"
#include "common/process_memory.h"
#include "datastore/store.h"
#include "datastore/store_location.h"
#include "eval/bpb_rule.h"
#include "model/compute_precision.h"

namespace hullft::cli {
namespace {

// One stream is one measurement in one process; longer ones belong in several runs.
constexpr int kMaxStreamQueries = 100000;

// First Ctrl-C: finish the current query, keep its row, summarise. Second: abort the current query.
std::atomic<int> interrupts{0};
CancellationToken abortQuery;

void onInterrupt(int) {
    if (interrupts.fetch_add(1) == 0) {
        constexpr char kMessage[] =
            "\nhullft stream: stopping after the current query (Ctrl-C again to abort it)\n";
        [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    } else {
        abortQuery.cancel();
    }
}

struct StreamOptions {
    int queries = 200;
    std::vector<std::string> domains;  // empty: all of the split's
    PipelineSettings settings;
    std::string out;
    std::string test_split;
};

StreamOptions optionsFromArguments(const Arguments& args) {
    StreamOptions options;
    options.queries = args.boundedIntValue("queries", options.queries, 1, kMaxStreamQueries);
    options.domains = args.listValue("domains");
    if (args.has("domains") && options.domains.empty())
        throw UsageError("--domains: give at least one domain name");
    PipelineSettings& settings = options.settings;
    settings.method = parseMethod(args.valueOr("method", "hullft"), "--method");
    settings.n = args.intValue("n", settings.n);
    settings.generate_tokens = 0;  // the stream measures adaptation and scoring; continuations only add time
    applySharedPipelineOptions(args, settings);
    if (settings.n < 1) throw UsageError("--n must be at least 1, got " + std::to_string(settings.n));
    if (settings.k < 1) throw UsageError("--k must be at least 1, got " + std::to_string(settings.k));
    // N above K or above the store's size runs as in `hullft query` and `hullft bench`
    // (core/pipeline/README.md, "Fewer candidates than K or N").
    validatePipelineSettings(settings);
    options.out = args.valueOr("out", timestampedFolder("stream"));
    options.test_split = args.valueOr("corpus", defaultCorpusDirectory()) + "/test.jsonl";
    return options;
}

// The domains in the order they take turns (only those the stream reaches).
std::vector<std::string> domainsInTurn(const std::vector<StreamQuery>& plan) {
    std::vector<std::string> domains;
    for (const StreamQuery& planned : plan)
        if (std::find(domains.begin(), domains.end(), planned.query.domain) == domains.end())
            domains.push_back(planned.query.domain);
    return domains;
}

// Says which domains run out of held-out documents and ask theirs again.
void announceRepeats(const std::vector<StreamQuery>& plan) {
    std::map<std::string, int> documents, repeats;
    for (const StreamQuery& planned : plan) ++(planned.pass == 1 ? documents : repeats)[planned.query.domain];
    for (const auto& [domain, count] : repeats)
        printLine("hullft stream: " + domain + " has only " + std::to_string(documents[domain]) +
                  " held-out documents: the stream asks them again from the first (" + std::to_string(count) +
                  " repeats)");
}

StreamSetup setupOf(const StreamOptions& options, const LoadedPipeline& loaded,
                    const std::vector<StreamQuery>& plan) {
    StreamSetup setup;
    setup.method = methodName(options.settings.method);
    setup.n = options.settings.n;
    setup.k = options.settings.k;
    setup.r = options.settings.finetune.refresh_interval;
    setup.bpb_rule = bpbRuleName(options.settings.bpb_rule);
    setup.device = loaded.device().str();
    setup.precision = precisionName(loaded.precision());
    setup.model = loaded.modelDirectory();
    setup.store = loaded.store().directory();
    setup.planned_queries = static_cast<int>(plan.size());
    setup.domains = domainsInTurn(plan);
    return setup;
}

// stream_summary.json and .md in `out`, each written atomically; prints the Markdown.
void writeSummary(const StreamSummary& summary, const std::string& out) {
    writeFileAtomically(out + "/stream_summary.json", streamSummaryJson(summary) + "\n");
    const std::string markdown = streamSummaryMarkdown(summary);
    writeFileAtomically(out + "/stream_summary.md", markdown);
    printLine(markdown);
}

int runStream(const std::vector<std::string>& words) {
    const Arguments args(
        words, {"queries",   "domains",    "method",          "n",           "k",        "r",     "lr",
                "lambda",    "seed",       "generate-tokens", "temperature", "top-p",    "model", "store",
                "corpus",    "device",     "precision",       "layer",       "embedder", "out",   "adapt",
                "lora-rank", "lora-alpha", "lora-targets", "bpb-rule"},
        {});
    if (!args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "'");
    const StreamOptions options = optionsFromArguments(args);
    const std::string csvPath = options.out + "/stream.csv";
    if (std::filesystem::exists(csvPath))
        throw InputError(
            csvPath, "already exists: a stream is one run, never resumed or overwritten; use another --out");
    const std::vector<StreamQuery> plan =
        planQueryStream(options.test_split, options.queries, options.domains);

    LoadedPipeline loaded(pipelineSourcesFromArguments(args));
    StreamSetup setup = setupOf(options, loaded, plan);
    std::filesystem::create_directories(options.out);
    createNewFile(csvPath);
    AppendOnlyFile csv(csvPath);
    csv.appendLine(streamCsvHeader());
    printLine("hullft stream: " + std::to_string(plan.size()) + " queries taking turns over " +
              std::to_string(setup.domains.size()) + " domains on " + setup.device + " (" + setup.precision +
              "); rows in " + csvPath);
    announceRepeats(plan);

    std::signal(SIGINT, onInterrupt);
    ProgressPrinter progress;
    const std::vector<StreamRow> rows = runQueryStream(
        loaded.pipeline(), options.settings, loaded.device(), plan, csv, progress,
        [] { return interrupts.load() > 0; }, abortQuery);
    setup.peak_resident_mb = peakResidentMegabytes();
    writeSummary(summarizeStream(rows, setup), options.out);
    if (rows.size() == plan.size()) return kExitOk;
    printError("stream: stopped by Ctrl-C after " + std::to_string(rows.size()) + " of " +
               std::to_string(plan.size()) + " queries; " + csvPath + " and the summary cover those");
    return kExitFailure;
}

}  // namespace

const Command& streamCommand() {
    static const Command command{
        "stream",
        "answer a query stream that alternates between domains in one process: latency percentiles, cache, "
        "memory",
        "hullft stream [--queries 200 (1 to 100000)] [--domains D1,D2 (default: all of the held-out split)] "
        "[--out DIR]\n"
        "              [--method hullft] [--n 20 (at most 100000)] [--k 200] [--r 2] [--lr 5e-5] [--lambda 0.2] [--seed 0] "
        "[--generate-tokens 0]\n"
        "              [--bpb-rule full|reference (reference: the reference's first-window rule, for parity "
        "runs)]\n"
        "              [--model DIR] [--store DIR] [--corpus DIR] [--device auto|cpu|cuda] [--precision "
        "auto|fp32|bf16]\n"
        "              [--embedder hf:DIR (the Hugging Face folder that embedded the store)]\n"
        "              [--adapt full|lora] [--lora-rank 16] [--lora-alpha 32] [--lora-targets "
        "q_proj,v_proj]\n"
        "  Held-out documents, the domains taking turns in name order (a domain out of documents starts "
        "again);\n"
        "  writes stream.csv (a row per query, as it goes), stream_summary.json and stream_summary.md.\n"
        "  Ctrl-C stops after the current query and summarises what ran (exit 1).",
        runStream};
    return command;
}

}  // namespace hullft::cli
