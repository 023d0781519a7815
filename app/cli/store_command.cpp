#include "cli/store_command.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/corpus_command.h"
#include "cli/embedder_choice.h"
#include "cli/progress_printer.h"
#include "common/errors.h"
#include "datastore/default_store.h"
#include "datastore/store.h"
#include "datastore/store_builder.h"
#include "datastore/store_location.h"

namespace hullft::cli {
namespace {

std::vector<std::string> withEmbedderOptions(std::vector<std::string> options) {
    options.insert(options.end(), embedderOptionNames().begin(), embedderOptionNames().end());
    return options;
}

std::vector<std::string> withEmbedderFlags(std::vector<std::string> flags) {
    flags.insert(flags.end(), embedderFlagNames().begin(), embedderFlagNames().end());
    return flags;
}

StoreBuildOptions buildOptions(const Arguments& args, const EmbedderChoice& choice) {
    StoreBuildOptions options;
    options.store_dir = args.valueOr("store", defaultStoreDirectory());
    options.max_tokens = choice.max_tokens;
    options.batch_size = args.intValue("batch-size", static_cast<int>(choice.batch_size));
    options.embedding_layer = choice.layer;
    options.max_mb_per_domain = args.doubleValue("store-mb-per-domain", 0.0);
    options.index.ivf_threshold = args.intValue("ivf-threshold", static_cast<int>(options.index.ivf_threshold));
    options.index.nprobe = args.intValue("nprobe", static_cast<int>(options.index.nprobe));
    return options;
}

void printReport(const StoreBuildReport& report, const std::string& storeDir) {
    for (size_t i = 0; i < report.issues.size() && i < 20; ++i) printError("warning: " + report.issues[i]);
    if (report.issues.size() > 20) printError("warning: ... and " + std::to_string(report.issues.size() - 20) + " more issues");
    printLine(std::string(report.resumed ? "resumed; " : "") + "store " + storeDir + ": " +
              std::to_string(report.manifest.documents) + " documents, " + std::to_string(report.manifest.sequences) +
              " sequences (" + std::to_string(report.embedded_now) + " embedded now), " +
              std::to_string(report.duplicate_texts) + " duplicate texts and " + std::to_string(report.duplicate_ids) +
              " duplicate ids skipped, " + std::to_string(report.over_cap) + " over the per-domain cap, " +
              std::to_string(report.issues.size()) + " input issues");
}

// The default corpus is built on first use, so one command makes the whole default store.
std::string corpusFor(const Arguments& args, PipelineObserver* progress) {
    if (args.has("corpus")) return args.value("corpus");
    const std::string directory = defaultCorpusDirectory();
    const std::string recipe = args.valueOr("recipe", defaultRecipePath());
    if (!corpusIsBuilt(directory)) printError("no corpus at " + directory + ": building it from " + recipe);
    ensureCorpus(recipe, directory, args.doubleValue("max-mb-per-domain", 0.0), progress, nullptr);
    return directory;
}

int runBuild(const std::vector<std::string>& words) {
    const Arguments args(words, withEmbedderOptions({"store", "corpus", "recipe", "max-mb-per-domain", "store-mb-per-domain", "batch-size", "ivf-threshold", "nprobe"}), withEmbedderFlags({}));
    const EmbedderChoice choice = chooseEmbedder(args);
    const StoreBuildOptions options = buildOptions(args, choice);
    ProgressPrinter progress;
    const DocumentSource corpus{DocumentSource::Kind::Corpus, corpusFor(args, &progress), "", ""};
    const StoreBuildReport report = buildStore(StoreBuildMode::Build, {corpus}, options, *choice.tokenizer, *choice.embedder, &progress, nullptr);
    printReport(report, options.store_dir);
    return kExitOk;
}

int runIngest(const std::vector<std::string>& words) {
    const Arguments args(words, withEmbedderOptions({"store", "jsonl", "dir", "domain", "licence", "batch-size", "ivf-threshold", "nprobe"}), withEmbedderFlags({}));
    if (args.has("jsonl") == args.has("dir")) throw UsageError("give exactly one of --jsonl FILE or --dir FOLDER");
    const std::string storeDir = args.valueOr("store", defaultStoreDirectory());
    repairInterruptedSwap(storeDir);
    const StoreManifest existing = Store::open(storeDir).manifest();
    EmbedderChoice choice = embedderForIdentity(existing.embedder_identity, args);
    choice.max_tokens = existing.max_tokens;
    const StoreBuildOptions options = buildOptions(args, choice);
    const DocumentSource source{args.has("jsonl") ? DocumentSource::Kind::Jsonl : DocumentSource::Kind::TextFolder,
                                args.has("jsonl") ? args.value("jsonl") : args.value("dir"), args.valueOr("domain", ""),
                                args.valueOr("licence", "")};
    ProgressPrinter progress;
    const StoreBuildReport report = buildStore(StoreBuildMode::Ingest, {source}, options, *choice.tokenizer, *choice.embedder, &progress, nullptr);
    printReport(report, options.store_dir);
    return kExitOk;
}

std::string storeArgument(const Arguments& args, size_t position) {
    if (args.positional().size() > position) return args.positional()[position];
    return args.valueOr("store", defaultStoreDirectory());
}

int runInfo(const std::vector<std::string>& words) {
    const Arguments args(words, {"store"}, {"json"});
    if (args.positional().size() > 2) throw UsageError("expected at most one store folder");
    const std::string storeDir = storeArgument(args, 1);
    repairInterruptedSwap(storeDir);
    const Store store = Store::open(storeDir);
    if (args.flag("json")) {
        nlohmann::json info = nlohmann::json::parse(storeManifestToJson(store.manifest()));
        info["store"] = storeDir;
        printLine(info.dump(2));
        return kExitOk;
    }
    const StoreManifest& m = store.manifest();
    printLine("store      " + storeDir);
    printLine("embedder   " + m.embedder_identity + " (dimension " + std::to_string(m.dimension) + ")");
    printLine("sequences  " + std::to_string(m.sequences) + " of at most " + std::to_string(m.max_tokens) + " " + m.tokenizer + " tokens, index " + m.index_kind);
    printLine("documents  " + std::to_string(m.documents));
    for (const auto& [domain, counts] : m.domains)
        printLine("  " + domain + std::string(28 - std::min<size_t>(27, domain.size()), ' ') + std::to_string(counts.documents) +
                  " documents, " + std::to_string(counts.sequences) + " sequences");
    printLine("built      " + m.built_at + " in " + std::to_string(static_cast<int>(m.build_seconds)) + " s");
    return kExitOk;
}

int runSearch(const std::vector<std::string>& words) {
    const Arguments args(words, withEmbedderOptions({"store", "text", "k"}), withEmbedderFlags({"json"}));
    const std::string storeDir = args.valueOr("store", defaultStoreDirectory());
    const Store store = Store::open(storeDir);
    EmbedderChoice choice = embedderForIdentity(store.manifest().embedder_identity, args);
    store.requireEmbedder(choice.embedder->identity());
    const torch::Tensor query = choice.embedder->embed({choice.tokenizer->encode(args.value("text"))}).contiguous();
    const std::vector<float> vector(query.data_ptr<float>(), query.data_ptr<float>() + query.numel());
    const SearchResult found = store.preselect(vector, args.intValue("k", 5));
    nlohmann::json results = nlohmann::json::array();
    for (size_t i = 0; i < found.ids.size(); ++i) {
        const SequenceRecord record = store.sequence(found.ids[i]);
        results.push_back({{"sequence_id", record.id}, {"score", found.scores[i]}, {"domain", record.domain},
                           {"package", record.package}, {"package_version", record.package_version}, {"path", record.path},
                           {"part", record.part}, {"licence", record.licence}, {"text", record.text.substr(0, args.flag("json") ? std::string::npos : 160)}});
    }
    printLine(results.dump(args.flag("json") ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace));
    return kExitOk;
}

// Median preselect latency on a store, queries = stored vectors of random sequences.
int runBench(const std::vector<std::string>& words) {
    const Arguments args(words, {"store", "k", "queries", "nprobe"}, {});
    Store store = Store::open(args.valueOr("store", defaultStoreDirectory()));
    const int k = args.intValue("k", 200);
    const int queries = args.intValue("queries", 200);
    std::mt19937_64 random(7);
    std::vector<double> micros;
    for (int q = 0; q < queries && store.manifest().sequences > 0; ++q) {
        const std::vector<float> query = store.storedVector(static_cast<int64_t>(random() % store.manifest().sequences));
        const auto start = std::chrono::steady_clock::now();
        store.preselect(query, k);
        micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
    if (micros.empty()) throw hullft::Error("the store is empty");
    std::sort(micros.begin(), micros.end());
    printLine(nlohmann::json{{"index", store.index().kind()}, {"vectors", store.index().size()}, {"dimension", store.index().dimension()},
                             {"k", k}, {"queries", micros.size()}, {"median_us", micros[micros.size() / 2]},
                             {"p90_us", micros[micros.size() * 9 / 10]}}.dump());
    return kExitOk;
}

int runStore(const std::vector<std::string>& words) {
    const std::string sub = words.empty() ? "" : words[0];
    if (sub == "build") return runBuild(words);
    if (sub == "ingest") return runIngest(words);
    if (sub == "info") return runInfo(words);
    if (sub == "search") return runSearch(words);
    if (sub == "bench") return runBench(words);
    throw UsageError(sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'");
}

}  // namespace

const Command& storeCommand() {
    static const Command command{
        "store", "build, extend, describe and search the retrieval datastore",
        "hullft store build [--store DIR] [--corpus DIR] [--embedder hashed|lm|hf:DIR] [--model DIR] [--layer N] [--dimension D]\n"
        "                   [--pooling mean|cls] [--normalize] [--device auto|cpu|cuda]\n"
        "                   [--max-tokens N] [--batch-size N] [--ivf-threshold N] [--nprobe N] [--recipe FILE] [--max-mb-per-domain X]\n"
        "                   [--store-mb-per-domain X]\n"
        "       hullft store ingest (--jsonl FILE | --dir FOLDER) [--store DIR] [--domain NAME] [--licence TEXT] [--model DIR]\n"
        "       hullft store info [STORE] [--json]\n"
        "       hullft store search --text TEXT [--store DIR] [--k N] [--json] [--embedder hf:DIR]\n"
        "       hullft store bench [--store DIR] [--k 200] [--queries N]",
        runStore};
    return command;
}

}  // namespace hullft::cli
