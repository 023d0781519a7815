#include "datastore/store.h"

#include <faiss/utils/distances.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "common/errors.h"
#include "common/sqlite_database.h"
#include "datastore/store_schema.h"

namespace hullft {

StoreManifest readStoreManifest(SqliteDatabase& db) {
    SqliteStatement select = db.prepare("SELECT value FROM manifest WHERE key = 'manifest'");
    if (!select.step()) throw InputError(db.path(), "the store is incomplete (no manifest): rebuild it with `hullft store build`");
    return storeManifestFromJson(select.text(0), db.path());
}

Store::Store(std::string directory, std::unique_ptr<SqliteDatabase> db, VectorIndex index, StoreManifest manifest)
    : directory_(std::move(directory)), db_(std::move(db)), index_(std::move(index)), manifest_(std::move(manifest)) {}
Store::Store(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& directory) {
    const std::string databasePath = directory + "/" + kStoreDatabaseFile;
    if (!std::filesystem::exists(databasePath))
        throw InputError(directory, "no datastore here (build one with `hullft store build --store " + directory + "`)");
    auto db = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadOnly);
    StoreManifest manifest = readStoreManifest(*db);
    requireManifestFileMatches(directory + "/" + kStoreManifestFile, manifest);
    VectorIndex index = VectorIndex::load(directory + "/" + kStoreIndexFile);
    if (index.size() != manifest.sequences || index.dimension() != manifest.dimension)
        throw InputError(directory + "/" + kStoreIndexFile,
                         "holds " + std::to_string(index.size()) + " vectors of dimension " + std::to_string(index.dimension()) +
                             " but the manifest says " + std::to_string(manifest.sequences) + " of dimension " +
                             std::to_string(manifest.dimension));
    if (index.metric() != manifest.metric || index.kind() != manifest.index_kind)
        throw InputError(directory + "/" + kStoreIndexFile, "is a " + index.kind() + " index by " + index.metric() +
                                                                " but the manifest says " + manifest.index_kind + " by " + manifest.metric);
    return Store(directory, std::move(db), std::move(index), std::move(manifest));
}

void Store::requireEmbedder(const std::string& identity) const {
    if (identity != manifest_.embedder_identity)
        throw InputError(directory_, "was embedded with '" + manifest_.embedder_identity + "' but the query embedder is '" +
                                         identity + "': vectors of different embedders cannot be compared; query with "
                                         "the store's embedder or rebuild the store with this one");
}

SearchResult Store::preselect(const std::vector<float>& query, int64_t k) const {
    if (static_cast<int64_t>(query.size()) != manifest_.dimension)
        throw InputError(directory_, "query vector has dimension " + std::to_string(query.size()) + ", the store " +
                                         std::to_string(manifest_.dimension));
    if (!index_.quantized()) return index_.search(query.data(), k);
    const SearchResult proposed = index_.search(query.data(), k * rerankFactor_);
    const std::vector<float> vectors = storedVectors(proposed.ids);
    const size_t d = query.size();
    const bool l2 = manifest_.metric == "l2";
    std::vector<std::pair<float, int64_t>> scored;
    for (size_t i = 0; i < proposed.ids.size(); ++i) {
        // The flat indexes' float32 kernels, so a re-ranked score equals the exact index's.
        const float* row = vectors.data() + i * d;
        scored.emplace_back(l2 ? faiss::fvec_L2sqr(query.data(), row, d) : faiss::fvec_inner_product(query.data(), row, d),
                            proposed.ids[i]);
    }
    std::sort(scored.begin(), scored.end(), [l2](const auto& a, const auto& b) {
        if (a.first != b.first) return l2 ? a.first < b.first : a.first > b.first;
        return a.second < b.second;
    });
    SearchResult result;
    for (size_t i = 0; i < scored.size() && static_cast<int64_t>(i) < k; ++i) {
        result.ids.push_back(scored[i].second);
        result.scores.push_back(scored[i].first);
    }
    return result;
}

SequenceRecord Store::sequence(int64_t id) const {
    SqliteStatement select = db_->prepare(
        "SELECT s.text, s.tokens, s.position, s.byte_offset, d.id, d.domain, d.package, d.package_version, d.path, "
        "d.part, d.licence, d.sha256 FROM sequences s JOIN documents d ON d.id = s.document_id WHERE s.id = ?");
    select.bind(1, id);
    if (!select.step()) throw InputError(db_->path(), "no sequence with id " + std::to_string(id));
    return {id,
            select.text(0),
            select.integer(1),
            select.integer(2),
            select.integer(3),
            select.text(4),
            select.text(5),
            select.text(6),
            select.text(7),
            select.text(8),
            select.text(9),
            select.text(10),
            select.text(11)};
}

std::vector<float> Store::storedVectors(const std::vector<int64_t>& ids) const {
    const size_t d = static_cast<size_t>(manifest_.dimension);
    std::vector<float> vectors(ids.size() * d);
    const SqliteReadSnapshot snapshot(*db_);
    SqliteStatement select = db_->prepare("SELECT vector FROM embeddings WHERE sequence_id = ?");
    for (size_t i = 0; i < ids.size(); ++i) {
        select.bind(1, ids[i]);
        if (!select.step()) throw InputError(db_->path(), "no embedding for sequence " + std::to_string(ids[i]));
        const std::string_view blob = select.blob(0);
        if (blob.size() != d * sizeof(float))
            throw InputError(db_->path(), "the vector of sequence " + std::to_string(ids[i]) + " has the wrong size");
        std::memcpy(vectors.data() + i * d, blob.data(), blob.size());
        select.reset();
    }
    return vectors;
}

std::vector<float> Store::storedVector(int64_t id) const { return storedVectors({id}); }

}  // namespace hullft
