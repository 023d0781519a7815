#pragma once

// The tamper-evident chain over the records table. Record i stores
//   hash_i = SHA-256(seq_i, kind_i, query_id_i, payload_i, hash_{i-1})
// (each field length-prefixed), with hash_0 = 64 zeros; the chain_head row stores the record
// count and the last hash, so removing or appending records at the end is detected too.
// Anyone who can rewrite the whole file can recompute every hash: compare the chain head hash
// with a copy kept elsewhere (the export and `hullft session show` print it) for full assurance.

#include <cstdint>
#include <string>

namespace hullft {
class SqliteDatabase;
}

namespace hullft::sessions {

inline const std::string kGenesisHash(64, '0');

std::string recordHash(int64_t seq, const std::string& kind, const std::string& queryId,
                       const std::string& payload, const std::string& prevHash);

enum class Tampering {
    None,
    Changed,       // a record's content no longer matches its hash
    Removed,       // a record is missing (a gap in seq, a broken link, or a short tail)
    Reordered,     // a record sits at another place than the one it was recorded at
    Inserted,      // a record that was never part of the chain
    HeadMismatch,  // the chain head does not match the last record
    Invalid,       // the chain is intact but a record is not a valid session record
};

const char* tamperingName(Tampering tampering);

struct VerifyResult {
    bool ok() const { return tampering == Tampering::None; }
    Tampering tampering = Tampering::None;
    int64_t seq = 0;            // the first bad record (0 when ok)
    std::string message;        // "record 7 was changed: ..." or "OK: 43 records"
    int64_t record_count = 0;   // records in the file
    std::string head_hash;      // the chain head as stored in the file
};

// Walks the chain in seq order and reports the first record that breaks it.
VerifyResult verifyChain(const SqliteDatabase& db);

}  // namespace hullft::sessions
