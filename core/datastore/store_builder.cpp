#include "datastore/store_builder.h"

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/remove_tree.h"
#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "datastore/chunker.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"
#include "events/progress_meter.h"

namespace hullft {
namespace {

namespace fs = std::filesystem;

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

void setManifestValue(SqliteDatabase& db, const std::string& key, const std::string& value) {
    db.prepare("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
}

std::string manifestValue(SqliteDatabase& db, const std::string& key) {
    SqliteStatement select = db.prepare("SELECT value FROM manifest WHERE key = ?");
    select.bind(1, key);
    return select.step() ? select.text(0) : "";
}

int64_t scalar(SqliteDatabase& db, const std::string& sql) {
    SqliteStatement select = db.prepare(sql);
    return select.step() ? select.integer(0) : 0;
}

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
          observer_(observer), cancel_(cancel), partial_(options.store_dir + ".partial") {}

    StoreBuildReport run() {
        const auto start = std::chrono::steady_clock::now();
        repairInterruptedSwap(options_.store_dir);
        const StoreManifest base = baseManifest();
        const std::string spec = buildSpec(mode_, sources_, options_, tokenizer_, embedder_, baseManifestText_);
        openPartial(spec);
        if (report_.resumed && manifestValue(*db_, "stage") == "complete") {  // killed just before the swap
            report_.manifest = readStoreManifest(*db_);
            db_->execute("PRAGMA journal_mode=DELETE");
            db_.reset();
            swapIntoPlace();
            return report_;
        }
        if (!report_.resumed) insertDocuments(spec, base);
        embedMissing();
        const std::string indexKind = writeIndex();
        finish(base, indexKind, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        swapIntoPlace();
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

    // Reopens a partial build of the same spec, else starts one (a copy of the store for ingest).
    void openPartial(const std::string& spec) {
        const std::string databasePath = partial_ + "/" + kStoreDatabaseFile;
        if (fs::exists(databasePath)) {
            db_ = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadWrite);
            db_->execute(kStoreSchema);
            if (manifestValue(*db_, "build_spec") == spec) {
                report_.resumed = true;
                db_->execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
                return;
            }
            db_.reset();
        }
        removeTree(partial_);
        fs::create_directories(partial_);
        if (mode_ == StoreBuildMode::Ingest)
            fs::copy_file(options_.store_dir + "/" + kStoreDatabaseFile, databasePath);
        db_ = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadWrite);
        db_->execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
    }

    // One transaction: the schema, every new document and its sequences, and the spec that
    // marks the partial build as resumable. Killed before COMMIT, nothing of it remains.
    void insertDocuments(const std::string& spec, const StoreManifest& base) {
        SqliteTransaction transaction(*db_);
        db_->execute(kStoreSchema);
        SqliteStatement textOfId = db_->prepare("SELECT sha256 FROM documents WHERE id = ?");
        SqliteStatement textExists = db_->prepare("SELECT 1 FROM documents WHERE sha256 = ?");
        SqliteStatement insertDocument = db_->prepare(
            "INSERT INTO documents (id, domain, package, package_version, path, part, licence, sha256, bytes, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SqliteStatement insertSequence = db_->prepare(
            "INSERT INTO sequences (id, document_id, position, byte_offset, tokens, text) VALUES (?, ?, ?, ?, ?, ?)");
        int64_t nextSequence = scalar(*db_, "SELECT COALESCE(MAX(id) + 1, 0) FROM sequences");
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
                for (const Chunk& chunk : chunkDocument(document.text, tokenizer_, options_.max_tokens))
                    insertSequence.bind(1, nextSequence++).bind(2, document.id).bind(3, position++)
                        .bind(4, static_cast<int64_t>(chunk.byte_offset)).bind(5, chunk.tokens).bind(6, chunk.text).run();
                ++added;
            }, report_.issues);
            if (added == 0 && duplicates == 0)
                throw InputError(source.path, "holds no usable document" + (report_.issues.size() > issuesBefore
                                                                               ? " (first problem: " + report_.issues[issuesBefore] + ")"
                                                                               : std::string()));
            if (!recipe.empty()) recipeSha256_ = recipe;
            db_->prepare("INSERT OR REPLACE INTO sources (name, sha256, documents, skipped_duplicates) VALUES (?, ?, ?, ?)")
                .bind(1, name).bind(2, sha256Hex(name)).bind(3, added).bind(4, duplicates).run();
        }
        setManifestValue(*db_, "build_spec", spec);
        setManifestValue(*db_, "stage", "embedding");
        setManifestValue(*db_, "recipe_sha256", recipeSha256_);
        transaction.commit();
    }

    // Vectors are added in id order and committed per batch, so the missing ones are a suffix.
    void embedMissing() {
        const int64_t total = scalar(*db_, "SELECT COUNT(*) FROM sequences");
        const int64_t done = scalar(*db_, "SELECT COUNT(*) FROM embeddings");
        ProgressMeter meter(observer_, "embed", total);
        meter.setAlreadyDone(done);
        meter.report(done, true);
        SqliteStatement next = db_->prepare(
            "SELECT id, text FROM sequences WHERE id > (SELECT COALESCE(MAX(sequence_id), -1) FROM embeddings) ORDER BY id LIMIT ?");
        SqliteStatement insert = db_->prepare("INSERT INTO embeddings (sequence_id, vector) VALUES (?, ?)");
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
            SqliteTransaction transaction(*db_);
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

    // The index over all vectors in id order (row = sequence id), written next to the database.
    std::string writeIndex() {
        const int64_t n = scalar(*db_, "SELECT COUNT(*) FROM embeddings");
        const int64_t d = embedder_.dimension();
        if (n != scalar(*db_, "SELECT COUNT(*) FROM sequences") || (n > 0 && scalar(*db_, "SELECT MAX(sequence_id) FROM embeddings") != n - 1))
            throw Error(partial_ + ": embeddings do not cover sequences 0.." + std::to_string(n - 1) + " exactly");
        std::vector<float> matrix(static_cast<size_t>(n * d));
        SqliteStatement select = db_->prepare("SELECT sequence_id, vector FROM embeddings ORDER BY sequence_id");
        while (select.step()) {
            const std::string_view blob = select.blob(1);
            if (blob.size() != static_cast<size_t>(d) * sizeof(float))
                throw Error(partial_ + ": vector of sequence " + std::to_string(select.integer(0)) + " has the wrong size");
            std::memcpy(matrix.data() + select.integer(0) * d, blob.data(), blob.size());
        }
        ProgressMeter meter(observer_, "index", n);
        const VectorIndex index = VectorIndex::build(matrix.data(), n, d, options_.index);
        index.save(partial_ + "/" + kStoreIndexFile);
        meter.finish();
        return index.kind();
    }

    void finish(const StoreManifest& base, const std::string& indexKind, double seconds) {
        StoreManifest manifest;
        manifest.embedder_identity = embedder_.identity();
        manifest.embedding_layer = options_.embedding_layer;
        manifest.dimension = embedder_.dimension();
        manifest.tokenizer = tokenizer_.kind();
        manifest.max_tokens = options_.max_tokens;
        manifest.index_kind = indexKind;
        manifest.documents = scalar(*db_, "SELECT COUNT(*) FROM documents");
        manifest.sequences = scalar(*db_, "SELECT COUNT(*) FROM sequences");
        SqliteStatement domains = db_->prepare(
            "SELECT d.domain, COUNT(DISTINCT d.id), COUNT(s.id) FROM documents d LEFT JOIN sequences s ON s.document_id = d.id "
            "GROUP BY d.domain ORDER BY d.domain");
        while (domains.step()) manifest.domains[domains.text(0)] = {domains.integer(1), domains.integer(2)};
        SqliteStatement sources = db_->prepare("SELECT name FROM sources ORDER BY rowid");
        while (sources.step()) manifest.sources.push_back(sources.text(0));
        manifest.recipe_sha256 = manifestValue(*db_, "recipe_sha256");
        if (manifest.recipe_sha256.empty()) manifest.recipe_sha256 = base.recipe_sha256;
        manifest.built_at = utcNow();
        manifest.build_seconds = seconds;
        SqliteTransaction transaction(*db_);
        setManifestValue(*db_, "manifest", storeManifestToJson(manifest));
        setManifestValue(*db_, "stage", "complete");
        transaction.commit();
        // One self-contained file from here on: fold the WAL back in.
        db_->execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE");
        db_.reset();
        writeFileAtomically(partial_ + "/" + kStoreManifestFile, storeManifestToJson(manifest) + "\n");
        report_.manifest = manifest;
    }

    void swapIntoPlace() {
        const std::string old = options_.store_dir + ".old";
        removeTree(old);
        if (fs::exists(options_.store_dir)) fs::rename(options_.store_dir, old);
        fs::rename(partial_, options_.store_dir);
        removeTree(old);
    }

    StoreBuildMode mode_;
    const std::vector<DocumentSource>& sources_;
    const StoreBuildOptions& options_;
    const Tokenizer& tokenizer_;
    Embedder& embedder_;
    PipelineObserver* observer_;
    const CancellationToken* cancel_;
    std::string partial_;
    std::string baseManifestText_;
    std::string recipeSha256_;
    std::unique_ptr<SqliteDatabase> db_;
    StoreBuildReport report_;
};

}  // namespace

void repairInterruptedSwap(const std::string& storeDir) {
    const std::string old = storeDir + ".old";
    if (!fs::exists(old)) return;
    if (fs::exists(storeDir)) removeTree(old);  // the new store is in place: only cleanup was left
    else fs::rename(old, storeDir);                  // killed between the renames: the old store is the good one
}

StoreBuildReport buildStore(StoreBuildMode mode, const std::vector<DocumentSource>& sources, const StoreBuildOptions& options,
                            const Tokenizer& tokenizer, Embedder& embedder, PipelineObserver* observer,
                            const CancellationToken* cancel) {
    if (options.max_tokens < 1 || options.batch_size < 1) throw InputError("store build", "max_tokens and batch_size must be positive");
    fs::create_directories(fs::absolute(options.store_dir).parent_path());
    return StoreBuilder(mode, sources, options, tokenizer, embedder, observer, cancel).run();
}

}  // namespace hullft
