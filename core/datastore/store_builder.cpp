#include "datastore/store_builder.h"

#include <chrono>
#include <filesystem>
#include <map>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "datastore/chunker.h"
#include "datastore/document_digest.h"
#include "datastore/partial_store.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"
#include "events/progress_meter.h"

namespace hullft {
namespace {

constexpr const char* kInputReportKey = "input_report";

namespace fs = std::filesystem;

// Everything that determines the result; a partial build is resumed only if it matches
// (kept in the manifest table as `build_spec`).
std::string buildSpec(StoreBuildMode mode, const std::vector<DocumentSource>& sources, const StoreBuildOptions& options,
                      const Tokenizer& tokenizer, const Embedder& embedder, const std::string& baseManifest) {
    std::string spec = std::string(mode == StoreBuildMode::Build ? "build" : "ingest") + "\n" + embedder.identity() + "\n" +
                       tokenizer.kind() + " " + std::to_string(tokenizer.vocabSize()) + "\nmax_tokens " +
                       std::to_string(options.max_tokens) + "\ncap " + std::to_string(options.max_mb_per_domain) + "\nbase " + sha256Hex(baseManifest) + "\n";
    for (const DocumentSource& source : sources) spec += describeSource(source) + "\n";
    return sha256Hex(spec);
}

class StoreBuilder {
public:
    StoreBuilder(StoreBuildMode mode, const std::vector<DocumentSource>& sources, const StoreBuildOptions& options,
                 const Tokenizer& tokenizer, Embedder& embedder, PipelineObserver* observer, const CancellationToken* cancel)
        : mode_(mode), sources_(sources), options_(options), tokenizer_(tokenizer), embedder_(embedder),
          observer_(observer), cancel_(cancel) {}

    StoreBuildReport run() {
        const auto start = std::chrono::steady_clock::now();
        const ExclusiveFileLock writer = lockStoreForWriting(options_.store_dir);
        repairInterruptedSwap(options_.store_dir);
        const StoreManifest base = baseManifest();
        const std::string spec = buildSpec(mode_, sources_, options_, tokenizer_, embedder_, baseManifestText_);
        PartialStore partial(options_.store_dir, spec, mode_ == StoreBuildMode::Ingest ? options_.store_dir : "");
        partial_ = &partial;
        report_.resumed = partial.resumed();
        if (report_.resumed) restoreInputReport();
        if (partial.resumed() && partial.complete()) {  // killed just before the swap
            report_.manifest = partial.swapCompleted();
            return report_;
        }
        if (!report_.resumed) insertDocuments(spec, base);
        embedMissing();
        StoreManifest manifest;
        manifest.embedder_identity = embedder_.identity();
        manifest.embedding_layer = options_.embedding_layer;
        manifest.dimension = embedder_.dimension();
        manifest.tokenizer = tokenizer_.kind();
        manifest.max_tokens = options_.max_tokens;
        manifest.index_kind = partial.writeIndex(embedder_.dimension(), options_.index, observer_, cancel_);
        manifest.metric = options_.index.metric;
        manifest.embedder_description = options_.embedder_description;
        manifest.recipe_sha256 = base.recipe_sha256;
        report_.manifest = partial.complete(manifest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        partial.swapIntoPlace();
        return report_;
    }

private:
    StoreManifest baseManifest() {
        if (mode_ == StoreBuildMode::Build) return {};
        const Store existing = Store::open(options_.store_dir);
        existing.requireEmbedder(embedder_.identity());
        if (existing.manifest().tokenizer != tokenizer_.kind() || existing.manifest().max_tokens != options_.max_tokens)
            throw InputError(options_.store_dir, "was chunked with tokenizer '" + existing.manifest().tokenizer + "' and " +
                                                     std::to_string(existing.manifest().max_tokens) + " tokens per sequence; ingest must use the same");
        baseManifestText_ = storeManifestToJson(existing.manifest());
        return existing.manifest();
    }

    // One transaction: the schema, every new document and its sequences, and the spec that
    // marks the partial build as resumable. Killed before COMMIT, nothing of it remains.
    void insertDocuments(const std::string& spec, const StoreManifest& base) {
        SqliteTransaction transaction(partial_->db());
        partial_->db().execute(kStoreSchema);
        SqliteStatement textOfId = partial_->db().prepare("SELECT sha256 FROM documents WHERE id = ?");
        SqliteStatement textExists = partial_->db().prepare("SELECT 1 FROM documents WHERE sha256 = ?");
        SqliteStatement insertDocument = partial_->db().prepare(
            "INSERT INTO documents (id, domain, package, package_version, path, part, licence, sha256, bytes, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SqliteStatement insertSequence = partial_->db().prepare(
            "INSERT INTO sequences (id, document_id, position, byte_offset, tokens, text) VALUES (?, ?, ?, ?, ?, ?)");
        SqliteStatement insertDigest = partial_->db().prepare("INSERT INTO document_digests (document_id, sequences_sha256) VALUES (?, ?)");
        int64_t nextSequence = scalarQuery(partial_->db(), "SELECT COALESCE(MAX(id) + 1, 0) FROM sequences");
        recipeSha256_ = base.recipe_sha256;
        std::map<std::string, double> domainBytes;
        for (const DocumentSource& source : sources_) {
            const std::string name = describeSource(source);
            int64_t added = 0, duplicates = 0;
            const size_t issuesBefore = report_.issues.size();
            const std::string recipe = readDocumentSource(source, [&](Document&& document) {
                if (cancel_) cancel_->throwIfCancelled();
                textOfId.bind(1, document.id);
                const bool knownId = textOfId.step();
                // An id names one text: another text under a known id is a corrupt corpus or an
                // edited file, and a store never replaces a document silently.
                if (knownId && textOfId.text(0) != document.sha256)
                    throw InputError(source.path, "document id " + document.id + " (" + document.path +
                                                      (document.part.empty() ? "" : ", " + document.part) +
                                                      ") is already in the store with a different text");
                textOfId.reset();
                textExists.bind(1, document.sha256);
                const bool knownText = textExists.step();
                textExists.reset();
                if (knownId || knownText) {
                    ++(knownId ? report_.duplicate_ids : report_.duplicate_texts);
                    ++duplicates;
                    return;
                }
                double& bytes = domainBytes[document.domain];
                if (options_.max_mb_per_domain > 0 && bytes >= options_.max_mb_per_domain * 1e6) return void(++report_.over_cap);
                bytes += static_cast<double>(document.text.size());
                insertDocument.bind(1, document.id).bind(2, document.domain).bind(3, document.package)
                    .bind(4, document.package_version).bind(5, document.path).bind(6, document.part)
                    .bind(7, document.licence).bind(8, document.sha256).bind(9, static_cast<int64_t>(document.text.size()))
                    .bind(10, name).run();
                int64_t position = 0;
                DocumentDigest digest;
                for (const Chunk& chunk : chunkDocument(document.text, tokenizer_, options_.max_tokens)) {
                    insertSequence.bind(1, nextSequence++).bind(2, document.id).bind(3, position++)
                        .bind(4, static_cast<int64_t>(chunk.byte_offset)).bind(5, chunk.tokens).bind(6, chunk.text).run();
                    digest.add(static_cast<int64_t>(chunk.byte_offset), chunk.text);
                }
                insertDigest.bind(1, document.id).bind(2, digest.hex()).run();
                ++added;
            }, report_.issues);
            if (added == 0 && duplicates == 0)
                throw InputError(source.path, "holds no usable document" + (report_.issues.size() > issuesBefore
                                                                               ? " (first problem: " + report_.issues[issuesBefore] + ")"
                                                                               : std::string()));
            if (!recipe.empty()) recipeSha256_ = recipe;
            partial_->db().prepare("INSERT OR REPLACE INTO sources (name, sha256, documents, skipped_duplicates) VALUES (?, ?, ?, ?)")
                .bind(1, name).bind(2, sha256Hex(name)).bind(3, added).bind(4, duplicates).run();
        }
        // What reading the inputs found, kept for the report of a run that resumes this one.
        partial_->setValue(kInputReportKey, nlohmann::json{{"issues", report_.issues},
                                                           {"duplicate_ids", report_.duplicate_ids},
                                                           {"duplicate_texts", report_.duplicate_texts},
                                                           {"over_cap", report_.over_cap}}.dump());
        partial_->setValue("build_spec", spec);
        partial_->setValue("stage", "embedding");
        partial_->setValue("recipe_sha256", recipeSha256_);
        transaction.commit();
    }

    // A resumed run reads no input, so it reports what the run that read them recorded.
    void restoreInputReport() {
        const std::string recorded = partial_->value(kInputReportKey);
        if (recorded.empty()) return;  // a partial store from before the report was kept
        const std::string source = partial_->directory() + "/" + kStoreDatabaseFile;
        const nlohmann::json input = parseJson(recorded, source);
        try {
            report_.issues = input.at("issues").get<std::vector<std::string>>();
            report_.duplicate_ids = input.at("duplicate_ids").get<int64_t>();
            report_.duplicate_texts = input.at("duplicate_texts").get<int64_t>();
            report_.over_cap = input.at("over_cap").get<int64_t>();
        } catch (const nlohmann::json::exception& e) {
            throw InputError(source, std::string("its recorded input report is unreadable: ") + e.what());
        }
    }

    // Vectors are added in id order and committed per batch, so the missing ones are a suffix.
    void embedMissing() {
        const int64_t total = scalarQuery(partial_->db(), "SELECT COUNT(*) FROM sequences");
        const int64_t done = scalarQuery(partial_->db(), "SELECT COUNT(*) FROM embeddings");
        ProgressMeter meter(observer_, "embed", total);
        meter.setAlreadyDone(done);
        meter.report(done, true);
        SqliteStatement next = partial_->db().prepare(
            "SELECT id, text FROM sequences WHERE id > (SELECT COALESCE(MAX(sequence_id), -1) FROM embeddings) ORDER BY id LIMIT ?");
        SqliteStatement insert = partial_->db().prepare("INSERT INTO embeddings (sequence_id, vector) VALUES (?, ?)");
        for (int64_t embedded = done; embedded < total;) {
            if (cancel_) cancel_->throwIfCancelled();
            std::vector<int64_t> ids;
            std::vector<std::vector<int64_t>> tokens;
            next.bind(1, options_.batch_size);
            while (next.step()) {
                ids.push_back(next.integer(0));
                tokens.push_back(tokenizer_.encode(next.text(1)));
            }
            next.reset();
            if (ids.empty()) break;
            const torch::Tensor vectors = embedder_.embed(tokens).to(torch::kFloat32).contiguous();
            SqliteTransaction transaction(partial_->db());
            for (size_t row = 0; row < ids.size(); ++row)
                insert.bind(1, ids[row]).bindBlob(2, vectors[static_cast<int64_t>(row)].data_ptr<float>(),
                                                  static_cast<size_t>(vectors.size(1)) * sizeof(float)).run();
            transaction.commit();
            embedded += static_cast<int64_t>(ids.size());
            report_.embedded_now += static_cast<int64_t>(ids.size());
            meter.report(embedded);
        }
        meter.finish();
    }

    StoreBuildMode mode_;
    const std::vector<DocumentSource>& sources_;
    const StoreBuildOptions& options_;
    const Tokenizer& tokenizer_;
    Embedder& embedder_;
    PipelineObserver* observer_;
    const CancellationToken* cancel_;
    PartialStore* partial_ = nullptr;
    std::string baseManifestText_;
    std::string recipeSha256_;
    StoreBuildReport report_;
};

}  // namespace

StoreBuildReport buildStore(StoreBuildMode mode, const std::vector<DocumentSource>& sources, const StoreBuildOptions& options,
                            const Tokenizer& tokenizer, Embedder& embedder, PipelineObserver* observer,
                            const CancellationToken* cancel) {
    if (options.max_tokens < 1 || options.batch_size < 1) throw InputError("store build", "max_tokens and batch_size must be positive");
    requireUsableIndexOptions(options.index, embedder.dimension());
    fs::create_directories(fs::absolute(options.store_dir).parent_path());
    return StoreBuilder(mode, sources, options, tokenizer, embedder, observer, cancel).run();
}

}  // namespace hullft
