#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/cancellation.h"
#include "common/exclusive_file_lock.h"
#include "common/sqlite_database.h"
#include "datastore/faiss_index.h"
#include "datastore/store_manifest.h"
#include "events/observer.h"

namespace hullft {

// What every way of making a store (build, ingest, import) shares: the work happens in
// DIR.partial, is resumed there when the same inputs come again (their `spec`), and a finished
// store replaces DIR with two renames (an interrupted swap is repaired on the next run).
class PartialStore {
public:
    // Reopens DIR.partial if it holds a database with this spec, else starts it afresh
    // (from a copy of `copyFrom`'s database when not empty).
    PartialStore(const std::string& storeDir, const std::string& spec, const std::string& copyFrom = "");

    bool resumed() const { return resumed_; }
    bool complete() const;  // killed after finishing, before the swap
    SqliteDatabase& db() { return *db_; }
    const std::string& directory() const { return partial_; }

    std::string value(const std::string& key);
    void setValue(const std::string& key, const std::string& value);

    // The index over all stored vectors in id order, read a slice at a time; returns its kind.
    std::string writeIndex(int64_t dimension, const VectorIndexOptions& options, PipelineObserver* observer,
                           const CancellationToken* cancel);
    // Fills in the counts, domains, sources and build time of `manifest`, commits it with
    // stage = complete, folds the WAL into the database and writes manifest.json.
    StoreManifest complete(StoreManifest manifest, double buildSeconds);
    // DIR.partial becomes DIR (the database must be closed: call after complete()).
    void swapIntoPlace();
    // For a run killed after complete() but before the swap: finish the swap and return the
    // manifest it completed.
    StoreManifest swapCompleted();

private:
    std::string storeDir_;
    std::string partial_;
    std::unique_ptr<SqliteDatabase> db_;
    bool resumed_ = false;
};

// Held for the whole of a build, ingest or import of `storeDir` (the file `storeDir`.lock beside
// it, since the folder itself is swapped): a second writer of the same store gets "busy: STORE
// is being written by process PID" before it reads or writes anything.
ExclusiveFileLock lockStoreForWriting(const std::string& storeDir);

int64_t scalarQuery(SqliteDatabase& db, const std::string& sql);

// Puts DIR back in place if a previous build was killed between its two final renames.
void repairInterruptedSwap(const std::string& storeDir);

}  // namespace hullft
