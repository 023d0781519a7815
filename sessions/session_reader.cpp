#include "session_reader.h"

#include <map>

#include "event_codec.h"
#include "schema.h"
#include "common/errors.h"
#include "common/sqlite_database.h"
#include "common/utf8.h"

namespace hullft::sessions {
namespace {

RawRecord rawRecord(const SqliteStatement& row) {
    return {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5)};
}

std::string recordName(const RawRecord& record) {
    return "record " + std::to_string(record.seq) + " (" + repairUtf8(record.kind.substr(0, 40)) + ")";
}

}  // namespace

SessionReader::SessionReader(const std::string& path)
    : db_(std::make_unique<SqliteDatabase>(path, SqliteDatabase::Mode::ReadOnly)) {
    checkReadable(*db_);
    schema_version_ = sessions::schemaVersion(*db_);
}

SessionReader::~SessionReader() = default;
SessionReader::SessionReader(SessionReader&&) noexcept = default;

const std::string& SessionReader::path() const { return db_->path(); }
int SessionReader::schemaVersion() const { return schema_version_; }

SessionInfo SessionReader::info() const {
    SqliteStatement row(*db_, "SELECT seq, kind, query_id, payload, prev_hash, hash FROM records WHERE seq = 1");
    if (!row.step()) throw InputError(path(), "the session header (record 1) is missing");
    const RawRecord header = rawRecord(row);
    if (header.kind != kSessionHeaderKind) throw InputError(path(), recordName(header) + " is not the session header");
    try {
        return decodeSessionInfo(parsePayload(header.payload));
    } catch (const PayloadError& e) {
        throw InputError(path(), recordName(header) + ": " + e.what());
    }
}

std::vector<QuerySummary> SessionReader::queries() const {
    std::vector<QuerySummary> summaries;
    std::map<std::string, size_t> indexOfQuery;
    forEachRawRecord([&](const RawRecord& record) {
        if (record.kind == EventTraits<QueryStartedEvent>::kind && !indexOfQuery.count(record.query_id)) {
            const auto started = std::get<QueryStartedEvent>(decode(record));
            indexOfQuery[record.query_id] = summaries.size();
            summaries.push_back({record.query_id, started.text, started.method, record.seq, 0, false, ""});
        }
        const auto found = indexOfQuery.find(record.query_id);
        if (found == indexOfQuery.end()) return;
        QuerySummary& summary = summaries[found->second];
        ++summary.record_count;
        if (record.kind == EventTraits<QueryFinishedEvent>::kind) summary.finished = true;
        if (record.kind == EventTraits<EvaluationEvent>::kind)
            summary.bpb_rule = std::get<EvaluationEvent>(decode(record)).bpb_rule;
    });
    return summaries;
}

std::vector<SessionRecord> SessionReader::records(const std::string& queryId) const {
    SqliteStatement rows(*db_, "SELECT seq, kind, query_id, payload, prev_hash, hash FROM records "
                         "WHERE query_id = ?1 AND seq > 1 ORDER BY seq");
    rows.bind(1, queryId);
    std::vector<SessionRecord> out;
    while (rows.step()) {
        const RawRecord record = rawRecord(rows);
        out.push_back({record.seq, record.query_id, decode(record)});
    }
    return out;
}

void SessionReader::forEachRawRecord(const std::function<void(const RawRecord&)>& visit) const {
    SqliteStatement rows(*db_, "SELECT seq, kind, query_id, payload, prev_hash, hash FROM records ORDER BY seq");
    while (rows.step()) visit(rawRecord(rows));
}

void SessionReader::replay(const std::string& queryId, PipelineObserver& observer) const {
    for (const SessionRecord& record : records(queryId)) deliver(record.event, observer);
}


PipelineEvent SessionReader::decode(const RawRecord& record) const {
    try {
        return decodeEvent(record.kind, parsePayload(record.payload));
    } catch (const PayloadError& e) {
        throw InputError(path(), recordName(record) + ": " + e.what());
    }
}

std::optional<ChainSignature> SessionReader::chainSignature() const { return readChainSignature(*db_); }

VerifyResult SessionReader::verify() const {
    SqliteStatement check(*db_, "PRAGMA quick_check");
    if (check.step() && check.text(0) != "ok")
        throw InputError(path(), "corrupt SQLite file (" + repairUtf8(check.text(0).substr(0, 200)) + ")");
    VerifyResult result = verifyChain(*db_);
    if (!result.ok()) return result;
    // The chain is intact; every record must also be what the recorder writes.
    const auto invalid = [&](int64_t seq, const std::string& why) {
        result.tampering = Tampering::Invalid;
        result.seq = seq;
        result.message = "record " + std::to_string(seq) + " is not a valid session record: " + why;
    };
    forEachRawRecord([&](const RawRecord& record) {
        if (!result.ok()) return;
        try {
            if (record.seq == 1) info();
            else decode(record);
        } catch (const InputError& e) {
            invalid(record.seq, e.problem());
        }
    });
    return result;
}

}  // namespace hullft::sessions
