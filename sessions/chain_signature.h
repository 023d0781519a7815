#pragma once

// Optional Ed25519 signing of a session's chain head, for sessions that must stand up to someone
// who can rewrite the file. The hash chain shows any change to a record, but whoever can rewrite
// the file can also cut it short or recompute every hash; a signature over the chain head, made
// with a key that person lacks, closes that gap for anyone holding the public key.
//
// The recorder signs the head with state "recording" after every record, and once more with
// state "closed" when the recording ends. Only one "closed" signature is ever made per session,
// so a file cut short cannot carry one. A recording that never closed (a killed process) ends at
// a "recording" signature, and an older one of those may survive in the file's free pages: such a
// session proves its records up to the signed head, but not that the recording stopped there.
// The signed message is
//   "hullft session chain head\nstate <state>\nrecords <count>\nhead <head hash>\n".
// Signing says who closed the recording and that nothing was changed, added or removed since;
// it does not say the recorded numbers are right (replay them) nor that the signer's machine was
// honest, and a stolen private key signs anything.

#include <cstdint>
#include <optional>
#include <string>

#include "hash_chain.h"

namespace hullft {
class Ed25519PrivateKey;
class Ed25519PublicKey;
class SqliteDatabase;
}  // namespace hullft

namespace hullft::sessions {

inline const std::string kSignedWhileRecording = "recording";
inline const std::string kSignedAtClose = "closed";

// The chain_signature row as stored: read from an untrusted file, so any field may be malformed.
struct ChainSignature {
    std::string state;            // kSignedWhileRecording or kSignedAtClose
    int64_t record_count = 0;
    std::string head_hash;
    std::string key_fingerprint;  // "SHA256:<hex>" of the signing key's public half
    std::string signature_hex;    // the 64-byte Ed25519 signature, in hex
};

std::string chainHeadMessage(const std::string& state, int64_t recordCount, const std::string& headHash);

ChainSignature signChainHead(const Ed25519PrivateKey& key, const std::string& state, int64_t recordCount,
                             const std::string& headHash);

// Inserts or replaces the one signature row (the caller holds the write transaction).
void writeChainSignature(const SqliteDatabase& db, const ChainSignature& signature);

// The signature row, or nothing for a session recorded without a key (or before schema version 3).
std::optional<ChainSignature> readChainSignature(const SqliteDatabase& db);

enum class SignatureVerdict {
    Verified,      // signed at close by this key, over the file's chain head
    NotSigned,     // no signature at all
    OtherKey,      // signed, by a key other than the one given
    BadSignature,  // the signature does not verify: the signed fields or the signature were edited
    HeadDiffers,   // validly signed, but over another chain head than the file's
    NotClosed,     // validly signed while recording; the recording never closed
};

struct SignatureCheck {
    bool ok() const { return verdict == SignatureVerdict::Verified; }
    SignatureVerdict verdict = SignatureVerdict::NotSigned;
    std::string message;
};

const char* signatureVerdictName(SignatureVerdict verdict);

// One line for readers of a session who hold no key (show, the exports, verify without a key):
// "not signed", or the state and key the stored signature claims, unchecked. Taken from the file
// as is: callers escape it for where they print it.
std::string signatureNote(const std::optional<ChainSignature>& signature);

// Checks `signature` against `key` and against the chain head `chain` found (an intact chain).
SignatureCheck checkChainSignature(const std::optional<ChainSignature>& signature, const VerifyResult& chain,
                                   const Ed25519PublicKey& key);

}  // namespace hullft::sessions
