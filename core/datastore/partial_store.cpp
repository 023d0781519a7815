#include "datastore/partial_store.h"

#include <filesystem>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/remove_tree.h"
#include "common/utc_time.h"
#include "datastore/embedding_table_rows.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"
#include "events/progress_meter.h"

namespace hullft {

namespace fs = std::filesystem;

ExclusiveFileLock lockStoreForWriting(const std::string& storeDir) {
    const fs::path parent = fs::path(storeDir).parent_path();
    if (!parent.empty()) fs::create_directories(parent);
    return ExclusiveFileLock(storeDir + ".lock", storeDir);
}

int64_t scalarQuery(SqliteDatabase& db, const std::string& sql) {
    SqliteStatement select = db.prepare(sql);
    return select.step() ? select.integer(0) : 0;
}

namespace {

// SQLite copies the database to a temporary name, renamed into place once whole: a full disk is
// reported with the OS's reason, and never leaves half a database for the next run to resume.
void copyDatabase(const std::string& from, const std::string& to) {
    const std::string copying = to + ".copying";
    fs::remove(copying);
    try {
        SqliteDatabase source(from, SqliteDatabase::Mode::ReadOnly);
        source.prepare("VACUUM INTO ?1").bind(1, copying).run();
    } catch (const IoError& e) {
        fs::remove(copying);
        throw IoError(to, std::string("cannot copy the store's database here: ") + e.what());
    }
    fs::rename(copying, to);
}

}  // namespace

PartialStore::PartialStore(const std::string& storeDir, const std::string& spec, const std::string& copyFrom)
    : storeDir_(storeDir), partial_(storeDir + ".partial") {
    const std::string databasePath = partial_ + "/" + kStoreDatabaseFile;
    if (fs::exists(databasePath)) {
        db_ = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadWrite);
        db_->execute(kStoreSchema);
        if (value("build_spec") == spec) {
            resumed_ = true;
            db_->execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
            return;
        }
        db_.reset();
    }
    removeTree(partial_);
    fs::create_directories(partial_);
    if (!copyFrom.empty()) copyDatabase(copyFrom + "/" + kStoreDatabaseFile, databasePath);
    db_ = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadWrite);
    db_->execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
}

bool PartialStore::complete() const {
    SqliteStatement select = db_->prepare("SELECT value FROM manifest WHERE key = 'stage'");
    return select.step() && select.text(0) == "complete";
}

std::string PartialStore::value(const std::string& key) {
    SqliteStatement select = db_->prepare("SELECT value FROM manifest WHERE key = ?");
    select.bind(1, key);
    return select.step() ? select.text(0) : "";
}

void PartialStore::setValue(const std::string& key, const std::string& value) {
    db_->prepare("INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
}

std::string PartialStore::writeIndex(int64_t dimension, const VectorIndexOptions& options, PipelineObserver* observer,
                                     const CancellationToken* cancel) {
    const int64_t n = scalarQuery(*db_, "SELECT COUNT(*) FROM embeddings");
    if (n != scalarQuery(*db_, "SELECT COUNT(*) FROM sequences") ||
        (n > 0 && scalarQuery(*db_, "SELECT MAX(sequence_id) FROM embeddings") != n - 1))
        throw Error(partial_ + ": embeddings do not cover sequences 0.." + std::to_string(n - 1) + " exactly");
    ProgressMeter meter(observer, "index", n);
    const VectorIndex index = VectorIndex::build(EmbeddingTableRows(*db_, n, dimension), options, partial_ + "/" + kStoreIndexFile, &meter, cancel);
    meter.finish();
    return index.kind();
}

StoreManifest PartialStore::complete(StoreManifest manifest, double buildSeconds) {
    manifest.documents = scalarQuery(*db_, "SELECT COUNT(*) FROM documents");
    manifest.sequences = scalarQuery(*db_, "SELECT COUNT(*) FROM sequences");
    manifest.domains.clear();
    SqliteStatement domains = db_->prepare(
        "SELECT d.domain, COUNT(DISTINCT d.id), COUNT(s.id) FROM documents d LEFT JOIN sequences s ON s.document_id = d.id "
        "GROUP BY d.domain ORDER BY d.domain");
    while (domains.step()) manifest.domains[domains.text(0)] = {domains.integer(1), domains.integer(2)};
    manifest.sources.clear();
    SqliteStatement sources = db_->prepare("SELECT name FROM sources ORDER BY rowid");
    while (sources.step()) manifest.sources.push_back(sources.text(0));
    if (const std::string recipe = value("recipe_sha256"); !recipe.empty()) manifest.recipe_sha256 = recipe;
    manifest.built_at = utcNow();
    manifest.build_seconds = buildSeconds;
    SqliteTransaction transaction(*db_);
    setValue("manifest", storeManifestToJson(manifest));
    setValue("stage", "complete");
    transaction.commit();
    // One self-contained file from here on: fold the WAL back in.
    db_->execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE");
    db_.reset();
    writeFileAtomically(partial_ + "/" + kStoreManifestFile, storeManifestToJson(manifest) + "\n");
    return manifest;
}

void PartialStore::swapIntoPlace() {
    db_.reset();
    const std::string old = storeDir_ + ".old";
    removeTree(old);
    if (fs::exists(storeDir_)) fs::rename(storeDir_, old);
    fs::rename(partial_, storeDir_);
    removeTree(old);
}

StoreManifest PartialStore::swapCompleted() {
    const StoreManifest manifest = readStoreManifest(*db_);
    db_->execute("PRAGMA journal_mode=DELETE");
    swapIntoPlace();
    return manifest;
}

void repairInterruptedSwap(const std::string& storeDir) {
    const std::string old = storeDir + ".old";
    if (!fs::exists(old)) return;
    if (fs::exists(storeDir)) removeTree(old);  // the new store is in place: only cleanup was left
    else fs::rename(old, storeDir);                  // killed between the renames: the old store is the good one
}

}  // namespace hullft
