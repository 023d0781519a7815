#include "datastore/store_verification.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/errors.h"
#include "common/json_io.h"
#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "datastore/document_digest.h"
#include "datastore/faiss_index.h"
#include "datastore/partial_store.h"
#include "datastore/store.h"
#include "datastore/store_schema.h"
#include "events/progress_meter.h"

namespace hullft {
namespace {

constexpr size_t kMaxListedIds = 20;  // a problem lists this many ids, then how many more

std::string idList(const std::vector<std::string>& ids) {
    std::string text;
    for (size_t i = 0; i < ids.size() && i < kMaxListedIds; ++i) text += (i ? ", " : "") + ids[i];
    if (ids.size() > kMaxListedIds) text += " and " + std::to_string(ids.size() - kMaxListedIds) + " more";
    return text;
}

class StoreAuditor {
public:
    StoreAuditor(const std::string& directory, PipelineObserver* observer, const CancellationToken* cancel)
        : directory_(directory), observer_(observer), cancel_(cancel) {}

    StoreVerification run(int64_t sampleRows) {
        const std::string databasePath = directory_ + "/" + kStoreDatabaseFile;
        if (!std::filesystem::exists(databasePath)) throw InputError(directory_, "no datastore here");
        db_ = std::make_unique<SqliteDatabase>(databasePath, SqliteDatabase::Mode::ReadOnly);
        const SqliteReadSnapshot snapshot(*db_);  // one consistent view of the whole database
        manifest_ = readStoreManifest(*db_);
        checkManifestFile();
        checkCounts();
        loadIndex();
        checkDocuments();
        checkVectors(sampleRows);
        return result_;
    }

private:
    void problem(const std::string& text) { result_.problems.push_back(text); }

    void checkManifestFile() {
        try {
            requireManifestFileMatches(directory_ + "/" + kStoreManifestFile, manifest_);
        } catch (const Error& e) {
            problem(std::string("manifest: ") + e.what());
        }
    }

    void checkCount(const std::string& what, int64_t found, int64_t expected) {
        if (found != expected)
            problem("counts: " + std::to_string(found) + " " + what + " in the database, the manifest says " + std::to_string(expected));
    }

    void checkCounts() {
        checkCount("documents", scalarQuery(*db_, "SELECT COUNT(*) FROM documents"), manifest_.documents);
        checkCount("sequences", scalarQuery(*db_, "SELECT COUNT(*) FROM sequences"), manifest_.sequences);
        checkCount("vectors", scalarQuery(*db_, "SELECT COUNT(*) FROM embeddings"), manifest_.sequences);
        const int64_t n = scalarQuery(*db_, "SELECT COUNT(*) FROM sequences");
        if (n > 0 && (scalarQuery(*db_, "SELECT MIN(id) FROM sequences") != 0 || scalarQuery(*db_, "SELECT MAX(id) FROM sequences") != n - 1))
            problem("sequences: ids are not 0.." + std::to_string(n - 1));
        std::vector<std::string> missing;
        SqliteStatement withoutVector = db_->prepare(
            "SELECT s.id FROM sequences s LEFT JOIN embeddings e ON e.sequence_id = s.id WHERE e.sequence_id IS NULL ORDER BY s.id");
        while (withoutVector.step()) missing.push_back(std::to_string(withoutVector.integer(0)));
        if (!missing.empty()) problem("vectors: no stored vector for sequences " + idList(missing));
        std::vector<std::string> wrongSize;
        SqliteStatement badSize = db_->prepare("SELECT sequence_id FROM embeddings WHERE length(vector) != ? ORDER BY sequence_id");
        badSize.bind(1, manifest_.dimension * static_cast<int64_t>(sizeof(float)));
        while (badSize.step()) wrongSize.push_back(std::to_string(badSize.integer(0)));
        if (!wrongSize.empty())
            problem("vectors: not of dimension " + std::to_string(manifest_.dimension) + " for sequences " + idList(wrongSize));
    }

    void loadIndex() {
        const std::string path = directory_ + "/" + kStoreIndexFile;
        try {
            index_.emplace(VectorIndex::load(path));
        } catch (const Error& e) {
            problem(std::string("index: ") + e.what());
            return;
        }
        if (index_->size() != manifest_.sequences)
            problem("index: " + path + " holds " + std::to_string(index_->size()) + " rows, the manifest says " + std::to_string(manifest_.sequences));
        if (index_->dimension() != manifest_.dimension)
            problem("index: " + path + " has dimension " + std::to_string(index_->dimension()) + ", the manifest says " +
                    std::to_string(manifest_.dimension));
        if (index_->kind() != manifest_.index_kind || index_->metric() != manifest_.metric)
            problem("index: " + path + " is a " + index_->kind() + " index by " + index_->metric() + ", the manifest says " +
                    manifest_.index_kind + " by " + manifest_.metric);
    }

    void checkDocuments() {
        // Stores made before document digests have no such table: every document is then one without.
        const bool digestsKept =
            scalarQuery(*db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'document_digests'") > 0;
        SqliteStatement recorded = db_->prepare(
            digestsKept ? "SELECT d.id, d.sha256, d.bytes, g.sequences_sha256 FROM documents d LEFT JOIN document_digests g ON g.document_id = d.id ORDER BY d.id"
                        : "SELECT id, sha256, bytes, NULL FROM documents ORDER BY id");
        SqliteStatement sequences = db_->prepare("SELECT byte_offset, text FROM sequences WHERE document_id = ? ORDER BY id");
        ProgressMeter meter(observer_, "verify documents", manifest_.documents);
        std::vector<std::string> changed, changedText;
        while (recorded.step()) {
            if (cancel_ && result_.documents_checked % 1024 == 0) cancel_->throwIfCancelled();
            const std::string id = recorded.text(0);
            DocumentDigest digest;
            int64_t count = 0;
            std::string wholeText;
            sequences.bind(1, id);
            while (sequences.step()) {
                digest.add(sequences.integer(0), sequences.text(1));
                if (count++ == 0 && sequences.integer(0) == 0) wholeText = sequences.text(1);
            }
            sequences.reset();
            // A document kept whole in one sequence can be checked against its own SHA-256 too.
            if (count == 1 && static_cast<int64_t>(wholeText.size()) == recorded.integer(2) && sha256Hex(wholeText) != recorded.text(1))
                changedText.push_back(id);
            if (recorded.isNull(3)) ++result_.documents_without_digest;
            else if (digest.hex() != recorded.text(3)) changed.push_back(id);
            meter.report(++result_.documents_checked);
        }
        meter.finish();
        if (!changed.empty()) problem("documents: stored sequences differ from the recorded digest for documents " + idList(changed));
        if (!changedText.empty()) problem("documents: text differs from the recorded SHA-256 for documents " + idList(changedText));
    }

    void checkVectors(int64_t sampleRows) {
        if (!index_ || index_->size() == 0) return;
        const int64_t n = std::min(index_->size(), scalarQuery(*db_, "SELECT COUNT(*) FROM embeddings"));
        const int64_t rows = sampleRows <= 0 ? n : std::min(n, std::max<int64_t>(2, sampleRows));
        index_->prepareRowLookup();
        SqliteStatement select = db_->prepare("SELECT vector FROM embeddings WHERE sequence_id = ?");
        ProgressMeter meter(observer_, "verify vectors", rows);
        std::vector<std::string> differ, notFinite;
        for (int64_t i = 0; i < rows; ++i) {
            if (cancel_ && i % 1024 == 0) cancel_->throwIfCancelled();
            const int64_t id = rows == 1 ? 0 : i * (n - 1) / (rows - 1);
            select.bind(1, id);
            if (select.step() && select.blob(0).size() == static_cast<size_t>(manifest_.dimension) * sizeof(float)) {
                std::vector<float> vector(static_cast<size_t>(manifest_.dimension));
                std::memcpy(vector.data(), select.blob(0).data(), select.blob(0).size());
                if (!std::all_of(vector.begin(), vector.end(), [](float v) { return std::isfinite(v); })) notFinite.push_back(std::to_string(id));
                else if (!index_->rowMatches(id, vector.data())) differ.push_back(std::to_string(id));
            }
            select.reset();
            meter.report(++result_.vectors_checked);
        }
        meter.finish();
        if (!differ.empty()) problem("vectors: the stored vector differs from the index's row for sequences " + idList(differ));
        if (!notFinite.empty()) problem("vectors: NaN or infinite values in the stored vectors of sequences " + idList(notFinite));
    }

    std::string directory_;
    PipelineObserver* observer_;
    const CancellationToken* cancel_;
    std::unique_ptr<SqliteDatabase> db_;
    StoreManifest manifest_;
    std::optional<VectorIndex> index_;
    StoreVerification result_;
};

}  // namespace

StoreVerification verifyStore(const std::string& directory, int64_t sampleRows, PipelineObserver* observer, const CancellationToken* cancel) {
    return StoreAuditor(directory, observer, cancel).run(sampleRows);
}

}  // namespace hullft
