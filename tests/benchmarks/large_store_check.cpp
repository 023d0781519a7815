// A store larger than this machine's RAM, measured on its own machine (BENCHMARKS.md, "Stores
// larger than RAM"). Run by hand, never in CI:
//   large_store_check build DIR [--vectors 10000000] [--dimension 256] [--index ivfpq] [--pq-bytes N] [--nlist N]
//       writes a store of clustered synthetic unit vectors (1000 Gaussian blobs, as the 1M
//       datastore benchmark draws them) a slice at a time, then its index; prints build time,
//       disk size and the build's peak resident memory.
//   large_store_check reindex DIR [--pq-bytes N] [--nlist N]
//       rebuilds that store's index in place with other options (the rows stay).
//   large_store_check recall DIR [--queries 100] [--k 200] [--nprobe N] [--rerank 4[,8,...]]
//       preselects K for held-out queries drawn the same way (latency p50/p99 and the query
//       process's VmHWM, measured before anything else runs), then computes the exact top-K by
//       one pass over every stored vector and prints recall@K.
#include <faiss/utils/distances.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/process_memory.h"
#include "common/sqlite_database.h"
#include "datastore/document_digest.h"
#include "datastore/embedding_table_rows.h"
#include "datastore/partial_store.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"

namespace {

constexpr int64_t kBlobs = 1000;
constexpr int64_t kRowsPerDocument = 10000;
constexpr int64_t kSlice = 100000;

std::string option(int argc, char** argv, const std::string& name, const std::string& fallback) {
    for (int i = 3; i + 1 < argc; ++i)
        if (argv[i] == "--" + name) return argv[i + 1];
    return fallback;
}

// Clustered unit vectors: a blob centre plus 0.7 Gaussian noise per coordinate, normalised.
class ClusteredRows {
public:
    ClusteredRows(int64_t dimension, uint64_t seed) : dimension_(dimension), random_(seed), centres_(static_cast<size_t>(kBlobs * dimension)) {
        std::mt19937_64 centreRandom(1);  // the same blobs for stored rows and queries
        for (float& c : centres_) c = normal_(centreRandom);
    }
    void next(float* row) {
        const float* centre = centres_.data() + (random_() % kBlobs) * dimension_;
        double norm = 0;
        for (int64_t j = 0; j < dimension_; ++j) {
            row[j] = centre[j] + 0.7f * normal_(random_);
            norm += static_cast<double>(row[j]) * row[j];
        }
        for (int64_t j = 0; j < dimension_; ++j) row[j] /= static_cast<float>(std::sqrt(norm));
    }

private:
    int64_t dimension_;
    std::mt19937_64 random_;
    std::normal_distribution<float> normal_;
    std::vector<float> centres_;
};

hullft::VectorIndexOptions indexOptions(int argc, char** argv) {
    hullft::VectorIndexOptions index;
    index.kind = option(argc, argv, "index", "ivfpq");
    index.pq_bytes = std::stoll(option(argc, argv, "pq-bytes", "0"));
    index.nlist = std::stoll(option(argc, argv, "nlist", "0"));
    return index;
}

double seconds(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int build(const std::string& directory, int argc, char** argv) {
    const int64_t n = std::stoll(option(argc, argv, "vectors", "10000000"));
    const int64_t d = std::stoll(option(argc, argv, "dimension", "256"));
    const hullft::VectorIndexOptions index = indexOptions(argc, argv);
    const auto start = std::chrono::steady_clock::now();
    hullft::PartialStore partial(directory, "synthetic " + std::to_string(n) + " " + std::to_string(d));
    hullft::SqliteDatabase& db = partial.db();
    db.execute(hullft::kStoreSchema);
    ClusteredRows rows(d, 2);
    std::vector<float> row(static_cast<size_t>(d));
    for (int64_t first = 0; first < n; first += kSlice) {
        hullft::SqliteTransaction transaction(db);
        hullft::SqliteStatement document = db.prepare(
            "INSERT INTO documents (id, domain, package, package_version, path, part, licence, sha256, bytes, source) "
            "VALUES (?, 'synthetic', '', '', 'synthetic', ?, 'CC0', ?, 0, 'synthetic')");
        hullft::SqliteStatement digest = db.prepare("INSERT INTO document_digests (document_id, sequences_sha256) VALUES (?, ?)");
        hullft::SqliteStatement sequence = db.prepare(
            "INSERT INTO sequences (id, document_id, position, byte_offset, tokens, text) VALUES (?, ?, ?, ?, 0, ?)");
        hullft::SqliteStatement vector = db.prepare("INSERT INTO embeddings (sequence_id, vector) VALUES (?, ?)");
        for (int64_t i = first; i < std::min(n, first + kSlice); i += kRowsPerDocument) {
            const std::string id = "block-" + std::to_string(i / kRowsPerDocument);
            hullft::DocumentDigest sequences;
            int64_t offset = 0;
            for (int64_t r = i; r < std::min(n, i + kRowsPerDocument); ++r) {
                const std::string text = "synthetic row " + std::to_string(r) + "\n";
                rows.next(row.data());
                sequence.bind(1, r).bind(2, id).bind(3, r - i).bind(4, offset).bind(5, text).run();
                vector.bind(1, r).bindBlob(2, row.data(), row.size() * sizeof(float)).run();
                sequences.add(offset, text);
                offset += static_cast<int64_t>(text.size());
            }
            document.bind(1, id).bind(2, id).bind(3, hullft::sha256Hex(id)).run();
            digest.bind(1, id).bind(2, sequences.hex()).run();
        }
        transaction.commit();
        std::cerr << "rows " << std::min(n, first + kSlice) << " / " << n << ", " << seconds(start) << " s\n";
    }
    const double fillSeconds = seconds(start);
    const auto indexStart = std::chrono::steady_clock::now();
    hullft::StoreManifest manifest;
    manifest.embedder_identity = "synthetic-clustered-d" + std::to_string(d);
    manifest.dimension = d;
    manifest.tokenizer = "none";
    manifest.max_tokens = 1;
    manifest.index_kind = partial.writeIndex(d, index, nullptr, nullptr);
    const double indexSeconds = seconds(indexStart);
    partial.complete(manifest, seconds(start));
    partial.swapIntoPlace();
    int64_t bytes = 0;
    nlohmann::json files = nlohmann::json::object();
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        bytes += static_cast<int64_t>(entry.file_size());
        files[entry.path().filename().string()] = entry.file_size();
    }
    std::cout << nlohmann::json{{"vectors", n}, {"dimension", d}, {"index", manifest.index_kind}, {"fill_seconds", fillSeconds},
                                {"index_seconds", indexSeconds}, {"disk_bytes", bytes}, {"files", files},
                                {"build_peak_resident_mb", hullft::peakResidentMegabytes()}}.dump()
              << std::endl;
    return 0;
}

// Rebuilds the index of a store built by `build` with other options (same rows), in place.
int reindex(const std::string& directory, int argc, char** argv) {
    hullft::SqliteDatabase db(directory + "/" + hullft::kStoreDatabaseFile, hullft::SqliteDatabase::Mode::ReadOnly);
    const hullft::StoreManifest manifest = hullft::readStoreManifest(db);
    const hullft::VectorIndexOptions index = indexOptions(argc, argv);
    if (index.kind != manifest.index_kind) throw std::runtime_error("reindex keeps the kind: " + manifest.index_kind);
    const auto start = std::chrono::steady_clock::now();
    const hullft::VectorIndex built = hullft::VectorIndex::build(hullft::EmbeddingTableRows(db, manifest.sequences, manifest.dimension), index,
                                                                 directory + "/" + hullft::kStoreIndexFile);
    std::cout << nlohmann::json{{"vectors", manifest.sequences}, {"index", built.kind()}, {"pq_bytes", index.pq_bytes}, {"nlist", index.nlist},
                                {"index_seconds", seconds(start)},
                                {"index_bytes", std::filesystem::file_size(directory + "/" + hullft::kStoreIndexFile)},
                                {"peak_resident_mb", hullft::peakResidentMegabytes()}}.dump()
              << std::endl;
    return 0;
}

// Comma-separated numbers ("4,8,16").
std::vector<int64_t> numbers(const std::string& text) {
    std::vector<int64_t> values;
    for (size_t start = 0; start < text.size();) {
        const size_t comma = std::min(text.find(',', start), text.size());
        values.push_back(std::stoll(text.substr(start, comma - start)));
        start = comma + 1;
    }
    return values;
}

int recall(const std::string& directory, int argc, char** argv) {
    hullft::Store store = hullft::Store::open(directory);
    const int64_t queries = std::stoll(option(argc, argv, "queries", "100"));
    const int64_t k = std::stoll(option(argc, argv, "k", "200"));
    if (option(argc, argv, "nprobe", "") != "") store.index().setNprobe(std::stoll(option(argc, argv, "nprobe", "")));
    const int64_t d = store.manifest().dimension, n = store.manifest().sequences;
    ClusteredRows draw(d, 99);  // held out: not the stored rows' seed
    std::vector<float> query(static_cast<size_t>(queries * d));
    for (int64_t q = 0; q < queries; ++q) draw.next(query.data() + q * d);
    // Latency first, per re-rank factor, before the exact pass touches anything else.
    struct Run {
        int64_t rerank;
        std::vector<std::vector<int64_t>> found;
        std::vector<double> millis;
        double residentMb;
    };
    std::vector<Run> runs;
    for (const int64_t rerank : numbers(option(argc, argv, "rerank", "4"))) {
        store.setRerankFactor(rerank);
        Run run{rerank, {}, {}, 0.0};
        for (int64_t q = 0; q < queries; ++q) {
            const auto start = std::chrono::steady_clock::now();
            run.found.push_back(store.preselect(std::vector<float>(query.begin() + q * d, query.begin() + (q + 1) * d), k).ids);
            run.millis.push_back(seconds(start) * 1000);
        }
        run.residentMb = hullft::peakResidentMegabytes();
        runs.push_back(std::move(run));
    }
    // The exact top-K: one pass over every stored vector, a min-heap of the K best per query.
    hullft::SqliteDatabase db(directory + "/" + hullft::kStoreDatabaseFile, hullft::SqliteDatabase::Mode::ReadOnly);
    const hullft::EmbeddingTableRows rows(db, n, d);
    using Scored = std::pair<float, int64_t>;
    std::vector<std::priority_queue<Scored, std::vector<Scored>, std::greater<Scored>>> best(static_cast<size_t>(queries));
    std::vector<float> slice(static_cast<size_t>(kSlice * d)), scores(static_cast<size_t>(kSlice));
    const auto exactStart = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < n; first += kSlice) {
        const int64_t count = std::min(kSlice, n - first);
        rows.read(first, count, slice.data());
        for (int64_t q = 0; q < queries; ++q) {
            faiss::fvec_inner_products_ny(scores.data(), query.data() + q * d, slice.data(), static_cast<size_t>(d), static_cast<size_t>(count));
            auto& heap = best[static_cast<size_t>(q)];
            for (int64_t i = 0; i < count; ++i) {
                if (static_cast<int64_t>(heap.size()) < k) heap.emplace(scores[static_cast<size_t>(i)], first + i);
                else if (scores[static_cast<size_t>(i)] > heap.top().first) heap.pop(), heap.emplace(scores[static_cast<size_t>(i)], first + i);
            }
        }
    }
    const double exactSeconds = seconds(exactStart);
    std::vector<std::set<int64_t>> exact(static_cast<size_t>(queries));
    for (int64_t q = 0; q < queries; ++q)
        for (auto& heap = best[static_cast<size_t>(q)]; !heap.empty(); heap.pop()) exact[static_cast<size_t>(q)].insert(heap.top().second);
    for (Run& run : runs) {
        double hits = 0;
        for (int64_t q = 0; q < queries; ++q)
            for (const int64_t id : run.found[static_cast<size_t>(q)]) hits += exact[static_cast<size_t>(q)].count(id);
        std::sort(run.millis.begin(), run.millis.end());
        auto percentile = [&](double p) {
            return run.millis[std::min(run.millis.size() - 1, static_cast<size_t>(p * static_cast<double>(run.millis.size())))];
        };
        std::cout << nlohmann::json{{"index", store.index().kind()}, {"vectors", n}, {"dimension", d}, {"queries", queries}, {"k", k},
                                    {"rerank_factor", run.rerank}, {"p50_ms", percentile(0.5)}, {"p99_ms", percentile(0.99)},
                                    {"query_peak_resident_mb", run.residentMb}, {"recall_at_k", hits / static_cast<double>(queries * k)},
                                    {"exact_pass_seconds", exactSeconds}}.dump()
                  << std::endl;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc >= 3 ? argv[1] : "";
    if (command != "build" && command != "reindex" && command != "recall") {
        std::cerr << "usage: large_store_check build|reindex|recall DIR [options]\n";
        return 2;
    }
    try {
        if (command == "build") return build(argv[2], argc, argv);
        return command == "reindex" ? reindex(argv[2], argc, argv) : recall(argv[2], argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "large_store_check: " << e.what() << "\n";
        return 1;
    }
}
