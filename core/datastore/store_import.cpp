#include "datastore/store_import.h"

#include <faiss/IndexFlat.h>
#include <faiss/impl/FaissException.h>
#include <faiss/index_io.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/errors.h"
#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "common/utf8.h"
#include "corpus/document.h"
#include "datastore/document_digest.h"
#include "datastore/partial_store.h"
#include "datastore/published_index_layout.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"
#include "events/progress_meter.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

// Names, sizes and modification times of every input file: hashing hundreds of gigabytes
// just to recognise an interrupted import would cost more than the import.
std::string importSpec(const StoreImportOptions& options, const std::vector<PublishedShard>& shards) {
    std::string spec = "import " + options.layout + "\n" + fs::absolute(options.source_dir).string() + "\n" + options.embedder_identity +
                       "\n" + options.licence + "\n";
    auto describe = [](const std::string& path) {
        return path + " " + std::to_string(fs::file_size(path)) + " " +
               std::to_string(fs::last_write_time(path).time_since_epoch().count()) + "\n";
    };
    for (const PublishedShard& shard : shards) {
        spec += describe(shard.jsonl_path);
        for (const IndexSlice& slice : shard.slices) spec += describe(slice.index_path);
    }
    return sha256Hex(spec);
}

std::unique_ptr<faiss::IndexFlat> readSlice(const IndexSlice& slice, int64_t dimension) {
    std::unique_ptr<faiss::Index> index;
    try {
        index.reset(faiss::read_index(slice.index_path.c_str()));
    } catch (const faiss::FaissException& e) {
        throw InputError(slice.index_path, std::string("cannot read FAISS index: ") + e.what());
    }
    auto* flat = dynamic_cast<faiss::IndexFlat*>(index.get());
    if (!flat || (flat->metric_type != faiss::METRIC_L2 && flat->metric_type != faiss::METRIC_INNER_PRODUCT))
        throw InputError(slice.index_path, "is not an IndexFlatL2 or IndexFlatIP");
    if (flat->d != dimension)
        throw InputError(slice.index_path, "holds vectors of dimension " + std::to_string(flat->d) + " but the embedder gives " + std::to_string(dimension));
    index.release();
    return std::unique_ptr<faiss::IndexFlat>(flat);
}

// The statements one imported row runs, prepared once per import.
struct RowStatements {
    explicit RowStatements(SqliteDatabase& db)
        : existing(db.prepare("SELECT id FROM documents WHERE sha256 = ?")),
          sequenceCount(db.prepare("SELECT COUNT(*) FROM sequences WHERE document_id = ?")),
          insertDocument(db.prepare("INSERT INTO documents (id, domain, package, package_version, path, part, licence, sha256, bytes, source) "
                                    "VALUES (?, ?, '', '', ?, ?, ?, ?, ?, ?)")),
          insertSequence(db.prepare("INSERT INTO sequences (id, document_id, position, byte_offset, tokens, text) VALUES (?, ?, ?, 0, 0, ?)")),
          insertVector(db.prepare("INSERT INTO embeddings (sequence_id, vector) VALUES (?, ?)")),
          sequencesOf(db.prepare("SELECT byte_offset, text FROM sequences WHERE document_id = ? ORDER BY id")),
          insertDigest(db.prepare("INSERT OR REPLACE INTO document_digests (document_id, sequences_sha256) VALUES (?, ?)")) {}
    SqliteStatement existing, sequenceCount, insertDocument, insertSequence, insertVector, sequencesOf, insertDigest;
};

class StoreImporter {
public:
    StoreImporter(const StoreImportOptions& options, PipelineObserver* observer, const CancellationToken* cancel)
        : options_(options), observer_(observer), cancel_(cancel) {}

    StoreImportReport run() {
        const auto start = std::chrono::steady_clock::now();
        const ExclusiveFileLock writer = lockStoreForWriting(options_.store_dir);
        repairInterruptedSwap(options_.store_dir);
        const std::vector<PublishedShard> shards = findPublishedShards(options_.layout, options_.source_dir);
        const std::string metric = sliceMetric(shards);
        PartialStore partial(options_.store_dir, importSpec(options_, shards));
        partial_ = &partial;
        report_.resumed = partial.resumed();
        if (partial.resumed() && partial.complete()) {  // killed just before the swap
            report_.manifest = partial.swapCompleted();
            return report_;
        }
        if (!partial.resumed()) {
            SqliteTransaction transaction(partial.db());
            partial.db().execute(kStoreSchema);
            partial.setValue("build_spec", importSpec(options_, shards));
            partial.setValue("stage", "importing");
            transaction.commit();
        }
        importRows(shards);
        recordSources(shards);
        VectorIndexOptions index = options_.index;
        index.metric = metric;
        StoreManifest manifest;
        manifest.embedder_identity = options_.embedder_identity;
        manifest.embedder_description = options_.embedder_description;
        manifest.dimension = options_.dimension;
        manifest.tokenizer = options_.tokenizer;
        manifest.max_tokens = options_.max_tokens;
        manifest.metric = metric;
        manifest.index_kind = partial.writeIndex(options_.dimension, index, observer_, cancel_);
        report_.manifest = partial.complete(manifest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        partial.swapIntoPlace();
        return report_;
    }

private:
    // One metric for the whole store: the published layouts use IndexFlatL2 throughout.
    std::string sliceMetric(const std::vector<PublishedShard>& shards) const {
        std::string metric;
        for (const PublishedShard& shard : shards)
            for (const IndexSlice& slice : shard.slices) {
                if (slice.dimension != options_.dimension)
                    throw InputError(slice.index_path, "holds vectors of dimension " + std::to_string(slice.dimension) + " but the embedder gives " +
                                                           std::to_string(options_.dimension));
                if (!metric.empty() && slice.metric != metric)
                    throw InputError(slice.index_path, "compares by " + slice.metric + " but an earlier index file by " + metric);
                metric = slice.metric;
            }
        return metric;
    }

    void importRows(const std::vector<PublishedShard>& shards) {
        int64_t total = 0;
        for (const PublishedShard& shard : shards) total += shard.rows();
        const int64_t done = scalarQuery(partial_->db(), "SELECT COUNT(*) FROM sequences");
        ProgressMeter meter(observer_, "import", total);
        RowStatements statements(partial_->db());
        statements_ = &statements;
        meter.setAlreadyDone(done);
        meter.report(done, true);
        int64_t row = 0;
        for (const PublishedShard& shard : shards) {
            if (row + shard.rows() <= done) {
                row += shard.rows();
                continue;
            }
            std::ifstream lines(shard.jsonl_path, std::ios::binary);
            if (!lines) throw InputError(shard.jsonl_path, "cannot be read");
            std::string line;
            int64_t lineNumber = 0;
            for (const IndexSlice& slice : shard.slices) {
                if (row + slice.rows <= done) {  // committed by an earlier run: skip its lines
                    for (int64_t i = 0; i < slice.rows; ++i) std::getline(lines, line);
                    lineNumber += slice.rows;
                    row += slice.rows;
                    continue;
                }
                const std::unique_ptr<faiss::IndexFlat> vectors = readSlice(slice, options_.dimension);
                const float* values = reinterpret_cast<const float*>(vectors->codes.data());
                for (int64_t i = 0; i < slice.rows;) {
                    if (cancel_) cancel_->throwIfCancelled();
                    SqliteTransaction transaction(partial_->db());
                    const int64_t end = std::min(slice.rows, i + options_.batch_rows);
                    for (; i < end; ++i, ++lineNumber, ++row) {
                        if (!std::getline(lines, line)) throw InputError(shard.jsonl_path, "ends before line " + std::to_string(lineNumber + 1));
                        if (row < done) continue;
                        insertRow(shard, lineNumber, line, row, values + i * options_.dimension);
                    }
                    transaction.commit();
                    meter.report(row);
                }
            }
        }
        meter.finish();
    }

    void insertRow(const PublishedShard& shard, int64_t lineNumber, const std::string& line, int64_t row, const float* vector) {
        const std::string where = shard.jsonl_path + ":" + std::to_string(lineNumber + 1);
        nlohmann::json record;
        try {
            record = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw InputError(where, std::string("is not JSON: ") + e.what());
        }
        if (!record.is_object() || !record.contains("text") || !record["text"].is_string())
            throw InputError(where, "has no string \"text\"");
        std::string text = repairUtf8(record["text"].get<std::string>());
        if (text.empty()) text = " ";  // what TTT-NN embedded for an empty text
        std::string domain = "unknown";
        if (record.contains("meta") && record["meta"].is_object() && record["meta"].contains("pile_set_name") &&
            record["meta"]["pile_set_name"].is_string())
            domain = record["meta"]["pile_set_name"].get<std::string>();
        const std::string part = "line " + std::to_string(lineNumber + 1);
        const std::string digest = sha256Hex(text);
        RowStatements& sql = *statements_;
        sql.existing.bind(1, digest);
        std::string documentIdOfRow;
        int64_t position = 0;
        const bool repeated = sql.existing.step();
        if (repeated) {  // the text came before: one more sequence of that document
            documentIdOfRow = sql.existing.text(0);
            sql.sequenceCount.bind(1, documentIdOfRow);
            position = sql.sequenceCount.step() ? sql.sequenceCount.integer(0) : 0;
            sql.sequenceCount.reset();
            ++report_.duplicate_texts;
        } else {
            documentIdOfRow = documentId(options_.layout, shard.name, part);
            sql.insertDocument.bind(1, documentIdOfRow).bind(2, domain).bind(3, shard.name).bind(4, part).bind(5, options_.licence)
                .bind(6, digest).bind(7, static_cast<int64_t>(text.size())).bind(8, sourceName(shard)).run();
        }
        sql.existing.reset();
        sql.insertSequence.bind(1, row).bind(2, documentIdOfRow).bind(3, position).bind(4, text).run();
        sql.insertVector.bind(1, row).bindBlob(2, vector, static_cast<size_t>(options_.dimension) * sizeof(float)).run();
        DocumentDigest sequencesDigest;
        if (repeated) {
            sql.sequencesOf.bind(1, documentIdOfRow);
            while (sql.sequencesOf.step()) sequencesDigest.add(sql.sequencesOf.integer(0), sql.sequencesOf.text(1));
            sql.sequencesOf.reset();
        } else {
            sequencesDigest.add(0, text);
        }
        sql.insertDigest.bind(1, documentIdOfRow).bind(2, sequencesDigest.hex()).run();
        ++report_.imported_now;
    }

    std::string sourceName(const PublishedShard& shard) const { return options_.layout + " " + shard.name; }

    void recordSources(const std::vector<PublishedShard>& shards) {
        SqliteTransaction transaction(partial_->db());
        for (const PublishedShard& shard : shards) {
            SqliteStatement count = partial_->db().prepare("SELECT COUNT(*) FROM documents WHERE source = ?");
            count.bind(1, sourceName(shard));
            const int64_t documents = count.step() ? count.integer(0) : 0;
            partial_->db().prepare("INSERT OR REPLACE INTO sources (name, sha256, documents, skipped_duplicates) VALUES (?, ?, ?, ?)")
                .bind(1, sourceName(shard)).bind(2, sha256Hex(sourceName(shard))).bind(3, documents).bind(4, shard.rows() - documents).run();
        }
        transaction.commit();
    }

    const StoreImportOptions& options_;
    PipelineObserver* observer_;
    const CancellationToken* cancel_;
    PartialStore* partial_ = nullptr;
    RowStatements* statements_ = nullptr;
    StoreImportReport report_;
};

}  // namespace

StoreImportReport importStore(const StoreImportOptions& options, PipelineObserver* observer, const CancellationToken* cancel) {
    if (options.embedder_identity.empty() || options.dimension < 1)
        throw InputError(options.source_dir, "an import needs the embedder the vectors came from");
    if (options.batch_rows < 1) throw InputError(options.source_dir, "batch_rows must be positive");
    requireUsableIndexOptions(options.index, options.dimension);
    fs::create_directories(fs::absolute(options.store_dir).parent_path());
    return StoreImporter(options, observer, cancel).run();
}

}  // namespace hullft
