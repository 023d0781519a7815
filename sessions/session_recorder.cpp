#include "session_recorder.h"

#include <cstdio>
#include <ctime>

#include "chain_signature.h"
#include "event_codec.h"
#include "hash_chain.h"
#include "schema.h"
#include "common/atomic_file.h"
#include "common/ed25519_key.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/sqlite_database.h"
#include "common/utc_time.h"

namespace hullft::sessions {

// The writing side of the records table: appends one hash-chained record per transaction, with
// the chain head's signature in that same transaction when a key signs.
class SessionRecorder::Store {
public:
    Store(const std::string& path, std::shared_ptr<const Ed25519PrivateKey> key)
        : key_(std::move(key)),
          db_(path, SqliteDatabase::Mode::ReadWrite),
          insert_(prepare(db_, "INSERT INTO records(seq, kind, query_id, payload, prev_hash, hash) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
          head_(db_, "INSERT INTO chain_head(id, record_count, head_hash) VALUES (1, ?1, ?2) "
                     "ON CONFLICT(id) DO UPDATE SET record_count = excluded.record_count, "
                     "head_hash = excluded.head_hash") {}

    ~Store() {
        // Best effort: a failure here leaves a valid WAL file beside the session, and a session
        // whose last signature says "recording".
        try {
            if (key_) {
                SqliteTransaction transaction(db_);
                writeChainSignature(db_, signChainHead(*key_, kSignedAtClose, count_, head_hash_));
                transaction.commit();
            }
            db_.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
        } catch (const Error&) {
        }
    }

    void append(const std::string& kind, const std::string& queryId, const std::string& payload) {
        const int64_t seq = count_ + 1;
        const std::string hash = recordHash(seq, kind, queryId, payload, head_hash_);
        SqliteTransaction transaction(db_);
        insert_.reset();
        insert_.bind(1, seq).bind(2, kind).bind(3, queryId).bind(4, payload).bind(5, head_hash_).bind(6, hash).step();
        head_.reset();
        head_.bind(1, seq).bind(2, hash).step();
        if (key_) writeChainSignature(db_, signChainHead(*key_, kSignedWhileRecording, seq, hash));
        transaction.commit();
        count_ = seq;
        head_hash_ = hash;
    }

    int64_t count() const { return count_; }
    const std::string& headHash() const { return head_hash_; }

private:
    // The schema must exist before the insert statements can be prepared.
    static SqliteStatement prepare(SqliteDatabase& db, const char* sql) {
        db.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        migrateToCurrent(db);
        return SqliteStatement(db, sql);
    }

    std::shared_ptr<const Ed25519PrivateKey> key_;
    SqliteDatabase db_;
    SqliteStatement insert_;
    SqliteStatement head_;
    int64_t count_ = 0;
    std::string head_hash_ = kGenesisHash;
};

namespace {

std::string redactedText(const std::string& text) {
    return "[redacted: " + std::to_string(text.size()) + " bytes, sha256 " + sha256Hex(text) + "]";
}

}  // namespace

SessionRecorder::SessionRecorder(const std::string& path, SessionInfo info, RecorderOptions options)
    : options_(options) {
    if (info.created_at.empty()) info.created_at = utcNow();
    info.schema_version = kSchemaVersion;
    nlohmann::json header;
    try {
        header = encodeSessionInfo(info);
    } catch (const PayloadError& e) {
        throw InputError(path, std::string("session settings: ") + e.what());
    }
    if (!header["settings"].is_object()) throw InputError(path, "session settings must be a JSON object");
    createNewFile(path);  // an existing file is refused here, untouched
    try {
        store_ = std::make_unique<Store>(path, options_.signing_key);
        store_->append(kSessionHeaderKind, "", canonicalJson(header));
    } catch (...) {
        // Nothing was recorded in the file just created: leave no half-made file behind that a
        // rerun would refuse to overwrite.
        store_.reset();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
        throw;
    }
}

SessionRecorder::~SessionRecorder() = default;

void SessionRecorder::onAnyEvent(const PipelineEvent& event) {
    if (!isRecorded(event)) return;
    if (const auto* started = std::get_if<QueryStartedEvent>(&event)) {
        const int times = ++times_started_[started->query_id];
        query_id_ = times == 1 ? started->query_id : started->query_id + "#" + std::to_string(times);
    }
    // Only a redacting recorder copies the event; the others encode it as it came.
    const nlohmann::json payload = options_.redact_query_text ? encodeEvent(redacted(event)) : encodeEvent(event);
    store_->append(kindOf(event), query_id_, canonicalJson(payload));
}

PipelineEvent SessionRecorder::redacted(const PipelineEvent& event) const {
    PipelineEvent shown = event;
    if (auto* started = std::get_if<QueryStartedEvent>(&shown)) started->text = redactedText(started->text);
    if (auto* generation = std::get_if<GenerationEvent>(&shown)) generation->prompt = redactedText(generation->prompt);
    return shown;
}

int64_t SessionRecorder::recordCount() const { return store_->count(); }
const std::string& SessionRecorder::headHash() const { return store_->headHash(); }

}  // namespace hullft::sessions
