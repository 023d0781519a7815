#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datastore/faiss_index.h"
#include "datastore/store_manifest.h"

namespace hullft {

class SqliteDatabase;

// A retrieved sequence with the provenance of the document it was cut from.
struct SequenceRecord {
    int64_t id = 0;
    std::string text;
    int64_t tokens = 0;
    int64_t position = 0;     // index of the sequence within its document
    int64_t byte_offset = 0;  // where it starts in the document text
    std::string document_id, domain, package, package_version, path, part, licence, document_sha256;
};

// A built datastore, opened for reading: DIR/store.sqlite (documents, sequences, provenance,
// manifest), DIR/index.faiss (one row per sequence id) and DIR/manifest.json.
class Store {
public:
    // InputError when DIR holds no complete store.
    static Store open(const std::string& directory);
    Store(Store&&) noexcept;
    ~Store();

    const StoreManifest& manifest() const { return manifest_; }
    const std::string& directory() const { return directory_; }

    // Vectors of different embedders are not comparable: refuse a query embedder whose
    // identity differs from the one the store was built with (InputError naming both).
    void requireEmbedder(const std::string& identity) const;

    // The K sequences with the largest inner product with `query` (dimension() floats, unit
    // norm), best first. Exact for a flat index; approximate (nprobe lists) for IVF.
    SearchResult preselect(const std::vector<float>& query, int64_t k = 200) const;

    SequenceRecord sequence(int64_t id) const;  // InputError for an unknown id
    std::vector<float> storedVector(int64_t id) const;
    const VectorIndex& index() const { return index_; }

private:
    Store(std::string directory, std::unique_ptr<SqliteDatabase> db, VectorIndex index, StoreManifest manifest);
    std::string directory_;
    std::unique_ptr<SqliteDatabase> db_;
    VectorIndex index_;
    StoreManifest manifest_;
};

// Reads the manifest table of a store database (its `manifest` key).
StoreManifest readStoreManifest(SqliteDatabase& db);

}  // namespace hullft
