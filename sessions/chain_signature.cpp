#include "chain_signature.h"

#include "common/ed25519_key.h"
#include "common/hex.h"
#include "common/sqlite_database.h"

namespace hullft::sessions {

std::string chainHeadMessage(const std::string& state, int64_t recordCount, const std::string& headHash) {
    return "hullft session chain head\nstate " + state + "\nrecords " + std::to_string(recordCount) + "\nhead " +
           headHash + "\n";
}

ChainSignature signChainHead(const Ed25519PrivateKey& key, const std::string& state, int64_t recordCount,
                             const std::string& headHash) {
    return {state, recordCount, headHash, key.publicKeyFingerprint(),
            hexEncode(key.sign(chainHeadMessage(state, recordCount, headHash)))};
}

void writeChainSignature(const SqliteDatabase& db, const ChainSignature& signature) {
    SqliteStatement statement(
        db,
        "INSERT INTO chain_signature(id, state, record_count, head_hash, key_fingerprint, signature) "
        "VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
        "record_count = excluded.record_count, head_hash = excluded.head_hash, "
        "key_fingerprint = excluded.key_fingerprint, signature = excluded.signature");
    statement.bind(1, signature.state)
        .bind(2, signature.record_count)
        .bind(3, signature.head_hash)
        .bind(4, signature.key_fingerprint)
        .bind(5, signature.signature_hex)
        .run();
}

std::optional<ChainSignature> readChainSignature(const SqliteDatabase& db) {
    SqliteStatement table(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'chain_signature'");
    if (!table.step()) return std::nullopt;
    // substr bounds what an edited file can make us hold: real values are far shorter.
    SqliteStatement row(db,
                        "SELECT substr(state, 1, 64), record_count, substr(head_hash, 1, 256), "
                        "substr(key_fingerprint, 1, 256), substr(signature, 1, 512) FROM chain_signature "
                        "ORDER BY id LIMIT 1");
    if (!row.step()) return std::nullopt;
    return ChainSignature{row.text(0), row.integer(1), row.text(2), row.text(3), row.text(4)};
}

const char* signatureVerdictName(SignatureVerdict verdict) {
    switch (verdict) {
        case SignatureVerdict::Verified: return "verified";
        case SignatureVerdict::NotSigned: return "not signed";
        case SignatureVerdict::OtherKey: return "signed by another key";
        case SignatureVerdict::BadSignature: return "bad signature";
        case SignatureVerdict::HeadDiffers: return "signed head differs";
        case SignatureVerdict::NotClosed: return "recording not closed";
    }
    return "unknown";
}

std::string signatureNote(const std::optional<ChainSignature>& signature) {
    if (!signature) return "not signed";
    return "signed (" + signature->state + ") by " + signature->key_fingerprint +
           "; not checked: `hullft session verify --public-key KEY.pub` checks it";
}

SignatureCheck checkChainSignature(const std::optional<ChainSignature>& signature, const VerifyResult& chain,
                                   const Ed25519PublicKey& key) {
    if (!signature) return {SignatureVerdict::NotSigned, "the session carries no signature"};
    if (signature->key_fingerprint != key.fingerprint())
        return {SignatureVerdict::OtherKey, "signed by " + signature->key_fingerprint + ", not by the given key " +
                                                key.fingerprint()};
    const std::optional<std::string> raw = hexDecode(signature->signature_hex);
    const bool known_state = signature->state == kSignedWhileRecording || signature->state == kSignedAtClose;
    if (!raw || !known_state ||
        !key.verifies(chainHeadMessage(signature->state, signature->record_count, signature->head_hash), *raw))
        return {SignatureVerdict::BadSignature,
                "the chain head signature does not verify with " + key.fingerprint() +
                    ": the signed head or the signature was edited"};
    const std::string signed_head = std::to_string(signature->record_count) + " records, head " +
                                    signature->head_hash.substr(0, 16);
    if (signature->record_count != chain.record_count || signature->head_hash != chain.head_hash)
        return {SignatureVerdict::HeadDiffers,
                "signed at " + signed_head + ", but the file holds " + std::to_string(chain.record_count) +
                    " records, head " + chain.head_hash.substr(0, 16) +
                    ": records were removed, added or rewritten after signing"};
    if (signature->state != kSignedAtClose)
        return {SignatureVerdict::NotClosed,
                "signed while recording, at " + signed_head +
                    "; the recording never closed (was the process killed?), so the file may have been cut "
                    "at an earlier signed record"};
    return {SignatureVerdict::Verified, "chain head signed at close by " + key.fingerprint()};
}

}  // namespace hullft::sessions
