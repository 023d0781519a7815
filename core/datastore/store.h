#pragma once

#include <algorithm>
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
    // InputError when DIR holds no complete store, or its manifest.json is missing or says
    // something else than the database's manifest.
    static Store open(const std::string& directory);
    Store(Store&&) noexcept;
    ~Store();

    const StoreManifest& manifest() const { return manifest_; }
    const std::string& directory() const { return directory_; }

    // Vectors of different embedders are not comparable: refuse a query embedder whose
    // identity differs from the one the store was built with (InputError naming both).
    void requireEmbedder(const std::string& identity) const;

    // The K sequences nearest to `query` (dimension() floats) by the store's metric, best first:
    // largest inner product, or smallest squared L2 distance. Exact for a flat index;
    // approximate (nprobe lists) for the IVF kinds. An ivfpq index proposes
    // rerankFactor() * K candidates from its codes, which are then scored exactly from their
    // stored vectors, so the scores returned are always exact.
    SearchResult preselect(const std::vector<float>& query, int64_t k = 200) const;
    int64_t rerankFactor() const { return rerankFactor_; }
    void setRerankFactor(int64_t factor) { rerankFactor_ = std::max<int64_t>(1, factor); }

    SequenceRecord sequence(int64_t id) const;  // InputError for an unknown id
    std::vector<float> storedVector(int64_t id) const;
    std::vector<float> storedVectors(const std::vector<int64_t>& ids) const;  // ids.size() x dimension
    const VectorIndex& index() const { return index_; }
    VectorIndex& index() { return index_; }

private:
    Store(std::string directory, std::unique_ptr<SqliteDatabase> db, VectorIndex index, StoreManifest manifest);
    std::string directory_;
    std::unique_ptr<SqliteDatabase> db_;
    VectorIndex index_;
    StoreManifest manifest_;
    int64_t rerankFactor_ = 8;  // recall@200 0.98 at 10M clustered vectors (BENCHMARKS.md)
};

// Reads the manifest table of a store database (its `manifest` key).
StoreManifest readStoreManifest(SqliteDatabase& db);

}  // namespace hullft
