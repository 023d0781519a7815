#include "json_export.h"

#include <nlohmann/json.hpp>

#include "event_codec.h"
#include "common/errors.h"
#include "session_reader.h"
#include "common/utf8.h"

namespace hullft::sessions {
namespace {

using nlohmann::json;

json verificationJson(const VerifyResult& result) {
    return {{"ok", result.ok()}, {"tampering", tamperingName(result.tampering)}, {"first_bad_record", result.seq},
            {"message", repairUtf8(result.message)}, {"record_count", result.record_count},
            {"chain_head", repairUtf8(result.head_hash)}};
}

// The stored signature as claimed, unchecked (no key here): null for an unsigned session.
json signatureJson(const std::optional<ChainSignature>& signature) {
    if (!signature) return nullptr;
    return {{"state", repairUtf8(signature->state)},           {"record_count", signature->record_count},
            {"head_hash", repairUtf8(signature->head_hash)},   {"key_fingerprint", repairUtf8(signature->key_fingerprint)},
            {"signature", repairUtf8(signature->signature_hex)}, {"checked", false}};
}

json queriesJson(const SessionReader& reader) {
    json out = json::array();
    for (const QuerySummary& query : reader.queries())
        out.push_back({{"query_id", repairUtf8(query.query_id)}, {"text", repairUtf8(query.text)},
                       {"method", repairUtf8(query.method)}, {"first_seq", query.first_seq},
                       {"record_count", query.record_count}, {"finished", query.finished},
                       {"bpb_rule", repairUtf8(query.bpb_rule)}});
    return out;
}

json recordJson(const std::string& file, const RawRecord& record) {
    json payload;
    try {
        payload = parsePayload(record.payload);
    } catch (const PayloadError& e) {
        throw InputError(file, "record " + std::to_string(record.seq) + ": " + e.what());
    }
    return {{"seq", record.seq}, {"kind", repairUtf8(record.kind)}, {"query_id", repairUtf8(record.query_id)},
            {"prev_hash", repairUtf8(record.prev_hash)}, {"hash", repairUtf8(record.hash)},
            {"payload", payload}};
}

}  // namespace

std::string exportJson(const SessionReader& reader) {
    const VerifyResult verification = reader.verify();
    json records = json::array();
    // A session that fails verification is still exported, marked so, if its records parse.
    reader.forEachRawRecord([&](const RawRecord& record) { records.push_back(recordJson(reader.path(), record)); });
    const json document = {{"format", "hullft-session-export"}, {"schema_version", reader.schemaVersion()},
                           {"verification", verificationJson(verification)},
                           {"signature", signatureJson(reader.chainSignature())},
                           {"session", encodeSessionInfo(reader.info())},
                           {"queries", queriesJson(reader)}, {"records", records}};
    return document.dump(1, '\t') + "\n";
}

}  // namespace hullft::sessions
