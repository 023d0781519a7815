#include "cli/bench_command.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <optional>
#include <sstream>

#include "bench/bench_results_file.h"
#include "bench/bench_runner.h"
#include "bench/bench_settings.h"
#include "bench/bench_shard.h"
#include "bench/bench_summary.h"
#include "cli/arguments.h"
#include "cli/bench_merge_command.h"
#include "cli/bench_outputs.h"
#include "cli/bench_summary_command.h"
#include "cli/bench_workers.h"
#include "cli/cli_output.h"
#include "cli/default_paths.h"
#include "cli/pipeline_setup.h"
#include "cli/progress_printer.h"
#include "cli/recorder_options.h"
#include "common/atomic_file.h"
#include "common/cancellation.h"
#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "common/utc_time.h"
#include "common/version.h"
#include "datastore/store_location.h"
#include "datastore/store.h"
#include "model/compute_precision.h"
#include "session_recorder.h"

namespace hullft::cli {
namespace {

// First Ctrl-C: finish the current run, keep its row, stop. Second: abort the current run.
std::atomic<int> interrupts{0};
CancellationToken abortRun;

void onInterrupt(int) {
    if (interrupts.fetch_add(1) == 0) {
        constexpr char kMessage[] = "\nhullft bench: stopping after the current run (Ctrl-C again to abort it)\n";
        [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    } else {
        abortRun.cancel();
    }
}

struct BenchOptions {
    std::vector<Method> methods;
    std::vector<int> ns;
    int queries_per_domain = 5;
    std::vector<std::string> domains;  // empty: all
    PipelineSettings settings;         // method and N are set per run
    std::string out;
    std::optional<BenchShard> shard;   // --shard: only this part of the runs
    std::vector<std::string> devices;  // --devices: one worker process per device
};

std::string joinList(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

std::vector<int> parseNs(const std::vector<std::string>& items) {
    std::vector<int> ns;
    for (const std::string& item : items) {
        char* end = nullptr;
        const long n = std::strtol(item.c_str(), &end, 10);
        if (*end != '\0' || n < 1 || n > 100000) throw UsageError("--n: '" + item + "' is not a positive integer (e.g. --n 1,5,10,20,50)");
        if (std::find(ns.begin(), ns.end(), n) == ns.end()) ns.push_back(static_cast<int>(n));
    }
    if (ns.empty()) throw UsageError("--n: give at least one N (e.g. --n 1,5,10,20,50)");
    return ns;
}

BenchOptions optionsFromArguments(const Arguments& args) {
    BenchOptions options;
    std::vector<std::string> names = args.listValue("methods");
    if (!args.has("methods"))
        for (const Method method : comparedMethods()) names.push_back(methodName(method));
    for (const std::string& name : names) {
        const Method method = parseMethod(name, "--methods");
        if (std::find(options.methods.begin(), options.methods.end(), method) == options.methods.end())
            options.methods.push_back(method);
    }
    if (options.methods.empty()) throw UsageError("--methods: give at least one method");
    options.ns = parseNs(args.has("n") ? args.listValue("n") : std::vector<std::string>{"1", "5", "10", "20", "50"});
    options.queries_per_domain = args.intValue("queries-per-domain", options.queries_per_domain);
    if (options.queries_per_domain < 1) throw UsageError("--queries-per-domain must be at least 1");
    options.domains = args.listValue("domains");
    options.settings.generate_tokens = 0;  // the protocol scores BPB; continuations only cost time
    // A sweep keeps no audit log, so hashing every trainable byte after each step (the
    // finetuner's default for small models) costs time and changes no BPB.
    options.settings.finetune.digest = ParameterDigestPolicy::Off;
    applySharedPipelineOptions(args, options.settings);
    PipelineSettings check = options.settings;
    check.method = Method::Knn;
    check.n = *std::max_element(options.ns.begin(), options.ns.end());
    validatePipelineSettings(check);
    options.out = args.valueOr("out", timestampedFolder("bench"));
    if (args.has("shard")) options.shard = parseBenchShard(args.value("shard"), "--shard");
    if (args.has("devices")) {
        if (options.shard || args.has("device"))
            throw UsageError("--devices starts one worker per device, each with its own shard: give neither --shard nor --device with it");
        options.devices = parseBenchDevices(args.value("devices"));
    }
    return options;
}

std::string number(double value) {
    std::ostringstream text;
    text.precision(17);
    text << value;
    return text.str();
}

std::map<std::string, std::string> protocolOf(const BenchOptions& options) {
    std::vector<std::string> methods, ns;
    for (const Method method : options.methods) methods.push_back(methodName(method));
    for (const int n : options.ns) ns.push_back(std::to_string(n));
    const PipelineSettings& s = options.settings;
    std::map<std::string, std::string> protocol{{"methods", joinList(methods)},
            {"ns", joinList(ns)},
            {"queries_per_domain", std::to_string(options.queries_per_domain)},
            {"domains", options.domains.empty() ? "all" : joinList(options.domains)},
            {"k", std::to_string(s.k)},
            {"r", std::to_string(s.finetune.refresh_interval)},
            {"lr", number(s.finetune.learning_rate)},
            {"sift_lambda", number(s.sift_lambda)},
            {"fw_max_iter", std::to_string(s.fw_max_iter)},
            {"fw_tol", number(s.fw_tol)},
            {"swap_passes", std::to_string(s.swap_passes)},
            {"bpb_rule", bpbRuleName(s.bpb_rule)},
            {"generate_tokens", std::to_string(s.generate_tokens)},
            {"seed", std::to_string(s.seed)}};
    if (options.shard) protocol["shard"] = benchShardName(*options.shard);
    // Only LoRA runs name their adaptation, so a full-finetuning bench folder keeps its protocol.
    if (s.finetune.adapt == AdaptMode::Lora) {
        protocol["adapt"] = "lora";
        protocol["lora_rank"] = std::to_string(s.finetune.lora.rank);
        protocol["lora_alpha"] = number(s.finetune.lora.alpha);
        protocol["lora_targets"] = joinList(s.finetune.lora.targets);
    }
    return protocol;
}

std::string testSplitOf(const Arguments& args) { return args.valueOr("corpus", defaultCorpusDirectory()) + "/test.jsonl"; }

std::map<std::string, std::string> environmentOf(const LoadedPipeline& loaded, const std::string& testSplit) {
    const StoreManifest& store = loaded.store().manifest();
    return {{"model", loaded.identity().model},
            {"store_embedder", store.embedder_identity},
            {"store_built_at", store.built_at},
            {"store_sequences", std::to_string(store.sequences)},
            {"test_split_sha256", sha256Hex(readFileBytes(testSplit))},
            {"device", loaded.device().str()},
            {"precision", precisionName(loaded.precision())},
            {"tool_version", kVersion}};
}

std::map<std::string, std::string> locationsOf(const LoadedPipeline& loaded, const std::string& testSplit) {
    const auto absolute = [](const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); };
    return {{"model", absolute(loaded.modelDirectory())}, {"store", absolute(loaded.store().directory())}, {"test_split", absolute(testSplit)}};
}

void refuseDifferences(const std::string& path, const std::vector<std::string>& differences) {
    if (differences.empty()) return;
    std::string list;
    for (const std::string& difference : differences) list += "\n  " + difference;
    throw InputError(path, "belongs to a benchmark with other settings; rerun with the same options or another --out:" + list);
}

// The queries' texts from the split, which must still hold the planned documents.
std::vector<BenchQuery> plannedQueries(const BenchOptions& options, const std::string& testSplit,
                                       const std::vector<BenchQuery>& planned) {
    std::vector<BenchQuery> queries = selectBenchQueries(testSplit, options.queries_per_domain, options.domains);
    bool same = queries.size() == planned.size();
    for (size_t i = 0; same && i < queries.size(); ++i) same = queries[i].id == planned[i].id;
    if (!same) throw InputError(testSplit, "no longer holds the documents this benchmark planned; use another --out");
    return queries;
}

// The runs this process owns: all of them, or its shard's.
std::vector<BenchRun> runsOf(const BenchOptions& options, size_t queries) {
    const std::vector<BenchRun> plan = planBenchRuns(queries, options.methods, options.ns);
    return options.shard ? benchShardRuns(plan, *options.shard) : plan;
}

// With --sessions, every run this invocation makes is recorded in a new audit session,
// OUT/sessions/bench-<UTC>-<pid>.hullft: a resumed bench records the runs it adds in a new file.
std::unique_ptr<sessions::SessionRecorder> newBenchSession(const BenchOptions& options, LoadedPipeline& loaded,
                                                           const sessions::RecorderOptions& recording) {
    const std::string directory = options.out + "/sessions";
    std::filesystem::create_directories(directory);
    const std::string path =
        directory + "/bench-" + compactUtc(utcNow()) + "-" + std::to_string(::getpid()) + ".hullft";
    printLine("hullft bench: recording the runs in " + path);
    return std::make_unique<sessions::SessionRecorder>(path, sessionHeaderOf(loaded, pipelineSettingsJson(options.settings)),
                                                       recording);
}

// Runs what `results` lacks (all of it for a fresh --out, which gets its settings file first).
// A folder's model, store, test split and device are checked even when nothing is left to run,
// so its summary is never rewritten under another identity. Returns false when Ctrl-C stopped it.
bool runMissing(const Arguments& args, const BenchOptions& options, const BenchSettings* saved,
                std::unique_ptr<BenchResultsFile>& results, const sessions::RecorderOptions& recording) {
    const std::string testSplit = testSplitOf(args);
    LoadedPipeline loaded(pipelineSourcesFromArguments(args));
    BenchSettings now{protocolOf(options), environmentOf(loaded, testSplit), locationsOf(loaded, testSplit), {}};
    if (saved) {
        refuseDifferences(options.out + "/bench_settings.json", settingDifferences(saved->environment, now.environment));
        now.queries = plannedQueries(options, testSplit, saved->queries);
    } else {
        now.queries = selectBenchQueries(testSplit, options.queries_per_domain, options.domains);
        std::filesystem::create_directories(options.out);
        writeBenchSettings(options.out + "/bench_settings.json", now);
        results = std::make_unique<BenchResultsFile>(options.out + "/results.csv");
    }
    const auto runs = runsOf(options, now.queries.size());
    std::signal(SIGINT, onInterrupt);
    ProgressPrinter progress;
    PipelineObserver unrecorded;  // the bench reports per run, not per stage
    const std::unique_ptr<sessions::SessionRecorder> recorder =
        args.flag("sessions") ? newBenchSession(options, loaded, recording) : nullptr;
    runBench(loaded.pipeline(), options.settings, now.queries, runs, *results, progress,
             recorder ? static_cast<PipelineObserver&>(*recorder) : unrecorded, [] { return interrupts.load() > 0; },
             abortRun);
    if (results->rows().size() >= runs.size()) return true;
    printError("bench: stopped after " + std::to_string(results->rows().size()) + " of " + std::to_string(runs.size()) +
               " runs; rerun the same command (with --out " + options.out + ") to continue");
    return false;
}

// `words` without the named options and their values (`--name value` or `--name=value`).
std::vector<std::string> withoutOptions(const std::vector<std::string>& words, const std::vector<std::string>& names) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        const auto named = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
            return word == "--" + name || word.rfind("--" + name + "=", 0) == 0;
        });
        if (named == names.end()) kept.push_back(word);
        else if (word == "--" + *named) ++i;  // its value follows
    }
    return kept;
}

int runOnDevices(const std::vector<std::string>& words, const Arguments& args, const BenchOptions& options) {
    const int count = static_cast<int>(options.devices.size());
    if (std::filesystem::exists(options.out + "/results.csv") && !std::filesystem::exists(benchShardDirectory(options.out, 1, count)))
        throw InputError(options.out, "holds a benchmark that was not run on " + std::to_string(count) +
                                          " devices (no " + benchShardDirectory(options.out, 1, count) + "); use another --out");
    const auto queries = selectBenchQueries(testSplitOf(args), options.queries_per_domain, options.domains);
    printLine("hullft bench: " + std::to_string(count) + " workers, merged results in " + options.out + "/results.csv");
    const BenchWorkersJob job{withoutOptions(words, {"devices", "out", "device", "shard"}), options.devices, options.out,
                              planBenchRuns(queries.size(), options.methods, options.ns)};
    return runBenchWorkers(job) ? kExitOk : kExitFailure;
}

int runBenchCommand(const std::vector<std::string>& words) {
    if (!words.empty() && words.front() == "merge") return runBenchMerge({words.begin() + 1, words.end()});
    if (!words.empty() && words.front() == "summary") return runBenchSummary({words.begin() + 1, words.end()});
    const Arguments args(words,
                         {"model", "store", "corpus", "out", "methods", "n", "queries-per-domain", "domains", "device", "k",
                          "r", "lr", "lambda", "seed", "layer", "embedder", "generate-tokens", "temperature", "top-p", "precision",
                          "adapt", "lora-rank", "lora-alpha", "lora-targets", "bpb-rule", "shard", "devices", "sign-key"},
                         {"sessions"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional().front() + "'");
    const BenchOptions options = optionsFromArguments(args);
    if (args.has("sign-key") && !args.flag("sessions")) throw UsageError("--sign-key signs the --sessions files; give both");
    const sessions::RecorderOptions recording = recorderOptionsFromArguments(args);
    if (!options.devices.empty()) return runOnDevices(words, args, options);
    const std::string settingsPath = options.out + "/bench_settings.json", csvPath = options.out + "/results.csv";
    const bool resuming = std::filesystem::exists(settingsPath);
    if (!resuming && std::filesystem::exists(csvPath))
        throw InputError(csvPath, "has no bench_settings.json beside it, so its rows cannot be trusted; use another --out");

    BenchSettings saved;
    std::unique_ptr<BenchResultsFile> results;
    if (resuming) {
        saved = readBenchSettings(settingsPath);
        // A folder from before the protocol named the rule was scored under the reference rule.
        saved.protocol.emplace("bpb_rule", bpbRuleName(BpbRule::Reference));
        refuseDifferences(settingsPath, settingDifferences(saved.protocol, protocolOf(options)));
        results = std::make_unique<BenchResultsFile>(csvPath);
    }
    printLine("hullft bench: results in " + csvPath);
    const bool finished = runMissing(args, options, resuming ? &saved : nullptr, results, recording);
    if (options.shard) {
        // One shard's rows say nothing on their own; the summary comes from the merge.
        if (finished)
            printLine("shard " + benchShardName(*options.shard) + " done (" + std::to_string(results->rows().size()) +
                      " runs); when every shard is done: hullft bench merge OUT SHARD_DIR...");
        return finished ? kExitOk : kExitFailure;
    }
    std::vector<std::string> methods;
    for (const Method method : options.methods) methods.push_back(methodName(method));
    writeBenchOutputs(summarizeBench(results->rows(), methods, options.ns, bpbRuleName(options.settings.bpb_rule)), options.out);
    return finished ? kExitOk : kExitFailure;
}

}  // namespace

const Command& benchCommand() {
    static const Command command{
        "bench", "run the paper's protocol on the held-out split: BPB per method and N, CSV, summary and plots (resumable)",
        "hullft bench [--out DIR] [--methods base,knn,sift,hullft] [--n 1,5,10,20,50] [--queries-per-domain 5]\n"
        "             [--domains D1,D2] [--model DIR] [--store DIR] [--corpus DIR] [--device auto|cpu|cuda] [--precision auto|fp32|bf16]\n"
        "             [--embedder hf:DIR (the Hugging Face folder that embedded the store)]\n"
        "             [--k 200] [--r 2] [--lr 5e-5] [--lambda 0.2] [--seed 0] [--generate-tokens 0]\n"
        "             [--bpb-rule full|reference (reference: the reference's first-window rule, for parity runs)]\n"
        "             [--adapt full|lora] [--lora-rank 16] [--lora-alpha 32] [--lora-targets q_proj,v_proj]\n"
        "             [--shard I/N (only the I-th of N parts of the runs) | --devices cuda:0,cuda:1 (one worker per device, merged)]\n"
        "             [--sessions (record the runs in OUT/sessions/bench-<UTC>-<pid>.hullft) [--sign-key KEY]]\n"
        "  Rerunning with the same --out continues an interrupted run (Ctrl-C stops after the current run);\n"
        "  the model, store, test split and device must be the same, even when no run is left.\n"
        "hullft bench merge OUT SHARD_DIR... [--force]\n"
        "  Joins the folders of `hullft bench --shard I/N` runs (every I of one N) into OUT: results.csv, summary, plots.\n"
        "hullft bench summary DIR\n"
        "  Writes DIR's summary and plots from its results.csv alone (e.g. for a folder computed on a machine without Qt).",
        runBenchCommand};
    return command;
}

}  // namespace hullft::cli
