#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain_signature.h"
#include "hash_chain.h"
#include "events/pipeline_event.h"
#include "session_info.h"

namespace hullft {
class SqliteDatabase;
}

namespace hullft::sessions {

// One record of a session as read back: its place in the chain and the event it holds.
struct SessionRecord {
    int64_t seq = 0;
    std::string query_id;
    PipelineEvent event;
};

struct QuerySummary {
    std::string query_id;
    std::string text;
    std::string method;
    int64_t first_seq = 0;
    int64_t record_count = 0;
    bool finished = false;  // a QueryFinished record exists (false after a crash mid-query)
    std::string bpb_rule;   // which tokens its BPB scored ("full", "reference"); empty without an evaluation
};

// A record as stored, undecoded: what the JSON export and the verifier see.
struct RawRecord {
    int64_t seq = 0;
    std::string kind;
    std::string query_id;
    std::string payload;
    std::string prev_hash;
    std::string hash;
};

// Opens a session file read-only, treating it as untrusted input: every failure (not SQLite,
// not a session, newer schema, corrupt pages, malformed payloads) is a InputError naming
// the file and, where it applies, the record. Needs no model: replay only re-delivers events.
class SessionReader {
public:
    explicit SessionReader(const std::string& path);
    ~SessionReader();
    SessionReader(SessionReader&&) noexcept;

    const std::string& path() const;
    int schemaVersion() const;
    SessionInfo info() const;  // the header, record 1
    std::vector<QuerySummary> queries() const;
    std::vector<SessionRecord> records(const std::string& queryId) const;
    void forEachRawRecord(const std::function<void(const RawRecord&)>& visit) const;

    // Delivers the query's recorded events to `observer` in recorded order.
    void replay(const std::string& queryId, PipelineObserver& observer) const;

    // The hash chain, the chain head, the header record and every payload's decoding.
    VerifyResult verify() const;
    // The chain head's signature as stored, unchecked (checkChainSignature checks it); none when
    // the session was recorded without a key.
    std::optional<ChainSignature> chainSignature() const;

private:
    PipelineEvent decode(const RawRecord& record) const;

    std::unique_ptr<SqliteDatabase> db_;
    int schema_version_ = 0;
};

}  // namespace hullft::sessions
