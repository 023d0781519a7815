#include "cli/store_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/arguments.h"
#include "cli/cli_output.h"
#include "cli/corpus_command.h"
#include "cli/embedder_choice.h"
#include "cli/progress_printer.h"
#include "common/errors.h"
#include "common/process_memory.h"
#include "datastore/default_store.h"
#include "datastore/store.h"
#include "datastore/published_index_layout.h"
#include "datastore/store_builder.h"
#include "datastore/store_import.h"
#include "datastore/store_verification.h"
#include "datastore/store_location.h"
#include "pipeline/pipeline_settings.h"

namespace hullft::cli {
namespace {

// Upper bounds of the store options: past them one argument would ask for unbounded memory or work.
constexpr int kMaxEmbeddingBatch = 65536;  // sequences embedded, or rows imported, per batch
constexpr int kMaxNprobe = 1 << 20;        // IVF lists searched per query
constexpr int kMaxNlist = 1 << 24;         // IVF lists trained
constexpr int kMaxPqBytes = 4096;          // bytes per product-quantized code
constexpr int kMaxRerankFactor = 1000;     // candidates rescored exactly per result

const std::vector<std::string> kIndexOptions = {"batch-size", "ivf-threshold", "nprobe", "nlist", "pq-bytes", "index", "metric"};

std::vector<std::string> withEmbedderOptions(std::vector<std::string> options) {
    options.insert(options.end(), embedderOptionNames().begin(), embedderOptionNames().end());
    return options;
}

std::vector<std::string> withIndexOptions(std::vector<std::string> options) {
    options.insert(options.end(), kIndexOptions.begin(), kIndexOptions.end());
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
    options.batch_size = args.boundedIntValue("batch-size", static_cast<int>(choice.batch_size), 1, kMaxEmbeddingBatch);
    options.embedding_layer = choice.layer;
    options.max_mb_per_domain = args.doubleValue("store-mb-per-domain", 0.0);
    options.index.ivf_threshold = args.intValue("ivf-threshold", static_cast<int>(options.index.ivf_threshold));
    options.index.nprobe = args.boundedIntValue("nprobe", static_cast<int>(options.index.nprobe), 1, kMaxNprobe);
    options.index.nlist = args.boundedIntValue("nlist", 0, 0, kMaxNlist);  // 0: chosen from the size
    options.index.pq_bytes = args.boundedIntValue("pq-bytes", 0, 0, kMaxPqBytes);
    options.index.kind = args.valueOr("index", "auto");
    // Unit vectors are compared by inner product; unnormalised ones (TTT-NN's RoBERTa) by L2.
    options.index.metric = args.valueOr("metric", choice.embedder->normalizes() ? "inner_product" : "l2");
    options.embedder_description = choice.embedder->description();
    if (!isVectorMetric(options.index.metric)) throw UsageError("--metric must be inner_product or l2, got '" + options.index.metric + "'");
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

int64_t folderBytes(const std::string& directory) {
    int64_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
        if (entry.is_regular_file()) bytes += static_cast<int64_t>(entry.file_size());
    return bytes;
}

std::string humanBytes(int64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) value /= 1000, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

std::string indexDescription(const std::string& kind) {
    if (kind == "flat") return "flat (exact search, in memory)";
    if (kind == "ivf") return "ivf (inverted lists, in memory)";
    if (kind == "ivfpq") return "ivfpq (product-quantised lists memory-mapped from disk, candidates re-ranked exactly)";
    return kind;
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
    const Arguments args(words, withEmbedderOptions(withIndexOptions({"store", "corpus", "recipe", "max-mb-per-domain", "store-mb-per-domain"})), withEmbedderFlags({}));
    const EmbedderChoice choice = chooseEmbedder(args);
    const StoreBuildOptions options = buildOptions(args, choice);
    ProgressPrinter progress;
    const DocumentSource corpus{DocumentSource::Kind::Corpus, corpusFor(args, &progress), "", ""};
    const StoreBuildReport report = buildStore(StoreBuildMode::Build, {corpus}, options, *choice.tokenizer, *choice.embedder, &progress, nullptr);
    printReport(report, options.store_dir);
    return kExitOk;
}

int runIngest(const std::vector<std::string>& words) {
    const Arguments args(words, withEmbedderOptions(withIndexOptions({"store", "jsonl", "dir", "domain", "licence"})), withEmbedderFlags({}));
    if (args.has("jsonl") == args.has("dir")) throw UsageError("give exactly one of --jsonl FILE or --dir FOLDER");
    const std::string storeDir = args.valueOr("store", defaultStoreDirectory());
    repairInterruptedSwap(storeDir);
    const StoreManifest existing = Store::open(storeDir).manifest();
    EmbedderChoice choice = embedderForIdentity(existing.embedder_identity, args);
    choice.max_tokens = existing.max_tokens;
    if (args.has("metric") && args.value("metric") != existing.metric)
        throw UsageError("the store compares vectors by " + existing.metric + "; ingest cannot change that");
    StoreBuildOptions options = buildOptions(args, choice);
    options.index.metric = existing.metric;
    if (!args.has("index")) options.index.kind = existing.index_kind;  // a store keeps its kind of index
    options.embedder_description = existing.embedder_description;
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

int runImport(const std::vector<std::string>& words) {
    const Arguments args(words, withEmbedderOptions(withIndexOptions({"store", "layout", "licence"})), withEmbedderFlags({}));
    if (args.positional().size() != 2) throw UsageError("expected the published index folder: hullft store import --layout hullft|tttlm DIR");
    const std::string layout = args.valueOr("layout", "");
    if (!isPublishedLayout(layout)) throw UsageError("--layout must be hullft or tttlm, got '" + layout + "'");
    const std::string source = args.positional()[1];
    const std::string named = publishedEmbeddingModel(layout, source);
    if (!args.has("embedder"))
        throw UsageError("an import keeps the published vectors, so queries must embed with the model that made them: give it with "
                         "--embedder" + std::string(named.empty() ? "" : " (this folder names '" + named + "')"));
    const EmbedderChoice choice = chooseEmbedder(args);
    StoreImportOptions options;
    options.layout = layout;
    options.source_dir = source;
    options.store_dir = args.valueOr("store", "");
    if (options.store_dir.empty()) throw UsageError("give the store to create with --store DIR");
    options.embedder_identity = choice.embedder->identity();
    options.embedder_description = named.empty() ? choice.embedder->description() : named;
    options.dimension = choice.embedder->dimension();
    options.tokenizer = choice.tokenizer->kind();
    options.max_tokens = choice.max_tokens;
    options.licence = args.valueOr("licence", "unknown");
    options.batch_rows = args.boundedIntValue("batch-size", 2048, 1, kMaxEmbeddingBatch);
    options.index = buildOptions(args, choice).index;
    ProgressPrinter progress;
    const StoreImportReport report = importStore(options, &progress, nullptr);
    printLine(std::string(report.resumed ? "resumed; " : "") + "store " + options.store_dir + ": " + std::to_string(report.manifest.sequences) +
              " sequences (" + std::to_string(report.imported_now) + " imported now) from " + std::to_string(report.manifest.sources.size()) +
              " shards, " + std::to_string(report.manifest.documents) + " documents, index " + report.manifest.index_kind + " by " +
              report.manifest.metric);
    return kExitOk;
}

int runVerify(const std::vector<std::string>& words) {
    const Arguments args(words, {"store", "sample"}, {"all", "json"});
    if (args.positional().size() > 2) throw UsageError("expected at most one store folder");
    const std::string storeDir = storeArgument(args, 1);
    const int64_t sample = args.flag("all") ? 0 : args.intValue("sample", 1000);
    if (!args.flag("all") && sample < 1) throw UsageError("--sample must be positive (or give --all)");
    ProgressPrinter progress;
    const StoreVerification result = verifyStore(storeDir, sample, &progress, nullptr);
    if (args.flag("json")) {
        printJson(nlohmann::json{{"store", storeDir}, {"ok", result.ok()}, {"documents_checked", result.documents_checked},
                                 {"vectors_checked", result.vectors_checked}, {"documents_without_digest", result.documents_without_digest},
                                 {"problems", result.problems}}, "store verify", 2);
    } else {
        for (const std::string& problem : result.problems) printLine("PROBLEM " + problem);
        if (result.documents_without_digest > 0)
            printLine("note: " + std::to_string(result.documents_without_digest) + " documents have no recorded digest (made before stores kept them)");
        printLine(std::string(result.ok() ? "ok: " : "FAILED: ") + std::to_string(result.documents_checked) + " documents and " +
                  std::to_string(result.vectors_checked) + " vectors checked, " + std::to_string(result.problems.size()) + " problems");
    }
    return result.ok() ? kExitOk : kExitFailure;
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
        info["disk_bytes"] = folderBytes(storeDir);
        printJson(info, "store info", 2);
        return kExitOk;
    }
    const StoreManifest& m = store.manifest();
    printLine("store      " + storeDir + " (" + humanBytes(folderBytes(storeDir)) + " on disk)");
    printLine("embedder   " + m.embedder_identity + " (dimension " + std::to_string(m.dimension) + ")" +
              (m.embedder_description.empty() ? "" : ", " + m.embedder_description));
    printLine("index      " + indexDescription(m.index_kind) + ", " +
              (m.metric == "l2" ? "squared L2 distance (smaller is nearer)" : "inner product (larger is nearer)"));
    printLine("sequences  " + std::to_string(m.sequences) + " of at most " + std::to_string(m.max_tokens) + " " + m.tokenizer + " tokens");
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
    const SearchResult found = store.preselect(vector, args.boundedIntValue("k", 5, 1, kMaxK));
    nlohmann::json results = nlohmann::json::array();
    for (size_t i = 0; i < found.ids.size(); ++i) {
        const SequenceRecord record = store.sequence(found.ids[i]);
        results.push_back({{"sequence_id", record.id}, {"score", found.scores[i]}, {"domain", record.domain},
                           {"package", record.package}, {"package_version", record.package_version}, {"path", record.path},
                           {"part", record.part}, {"licence", record.licence}, {"text", record.text.substr(0, args.flag("json") ? std::string::npos : 160)}});
    }
    requireFiniteNumbers(results, "store search");
    printLine(results.dump(args.flag("json") ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace));
    return kExitOk;
}

// Preselect latency on a store: p50/p90/p99 over queries that are stored vectors of random
// sequences, and the query process's peak resident memory.
int runBench(const std::vector<std::string>& words) {
    const Arguments args(words, {"store", "k", "queries", "nprobe", "rerank"}, {});
    Store store = Store::open(args.valueOr("store", defaultStoreDirectory()));
    if (args.has("nprobe")) store.index().setNprobe(args.boundedIntValue("nprobe", 32, 1, kMaxNprobe));
    if (args.has("rerank")) store.setRerankFactor(args.boundedIntValue("rerank", 4, 1, kMaxRerankFactor));
    const int k = args.boundedIntValue("k", 200, 1, kMaxK);
    // Every query's latency is kept for the percentiles.
    constexpr int kMaxBenchQueries = 1000000;
    const int queries = args.boundedIntValue("queries", 200, 1, kMaxBenchQueries);
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
    auto percentile = [&](double p) { return micros[std::min(micros.size() - 1, static_cast<size_t>(p * static_cast<double>(micros.size())))]; };
    printJson(nlohmann::json{{"index", store.index().kind()}, {"metric", store.manifest().metric}, {"vectors", store.index().size()},
                             {"dimension", store.index().dimension()}, {"k", k}, {"queries", micros.size()},
                             {"rerank_factor", store.index().quantized() ? store.rerankFactor() : 1},
                             {"median_us", percentile(0.5)}, {"p90_us", percentile(0.9)}, {"p99_us", percentile(0.99)},
                             {"peak_resident_mb", peakResidentMegabytes()}}, "store bench");
    return kExitOk;
}

int runStore(const std::vector<std::string>& words) {
    const std::string sub = words.empty() ? "" : words[0];
    if (sub == "build") return runBuild(words);
    if (sub == "ingest") return runIngest(words);
    if (sub == "import") return runImport(words);
    if (sub == "verify") return runVerify(words);
    if (sub == "info") return runInfo(words);
    if (sub == "search") return runSearch(words);
    if (sub == "bench") return runBench(words);
    throw UsageError(sub.empty() ? "missing subcommand" : "unknown subcommand '" + sub + "'");
}

}  // namespace

const Command& storeCommand() {
    static const Command command{
        "store", "build, extend, describe and search the retrieval datastore",
        "hullft store build [--store DIR] [--corpus DIR] [--embedder hashed|lm|hf:DIR] [--model DIR] [--layer N] [--dimension D (hashed: 1 to 65536)]\n"
        "                   [--pooling mean|cls] [--normalize] [--device auto|cpu|cuda]\n"
        "                   [--max-tokens N] [--batch-size N] [--index auto|flat|ivf|ivfpq] [--metric inner_product|l2] [--ivf-threshold N]\n"
        "                   [--nlist N] [--nprobe N] [--pq-bytes N] [--recipe FILE] [--max-mb-per-domain X]\n"
        "                   [--store-mb-per-domain X]\n"
        "       hullft store ingest (--jsonl FILE | --dir FOLDER) [--store DIR] [--domain NAME] [--licence TEXT] [--model DIR]\n"
        "       hullft store import --layout hullft|tttlm DIR --store NEW --embedder ... [--licence TEXT] [--index auto|flat|ivf|ivfpq]\n"
        "       hullft store verify [STORE] [--sample 1000 | --all] [--json]\n"
        "       hullft store info [STORE] [--json]\n"
        "       hullft store search --text TEXT [--store DIR] [--k N] [--json] [--embedder hf:DIR]\n"
        "       hullft store bench [--store DIR] [--k 200] [--queries 200 (1 to 1000000)] [--nprobe N] [--rerank 8]",
        runStore};
    return command;
}

}  // namespace hullft::cli
