#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "events/pipeline_event.h"
#include "session_info.h"

namespace hullft {
class Ed25519PrivateKey;
}

namespace hullft::sessions {

struct RecorderOptions {
    // Store "[redacted: N bytes, sha256 ...]" instead of the query text and the prompt.
    bool redact_query_text = false;
    // Sign the chain head after every record and at close (chain_signature.h); none: unsigned.
    std::shared_ptr<const Ed25519PrivateKey> signing_key;
};

// Records every pipeline event into a new session file, one record and one committed
// transaction per event (WAL, synchronous=FULL), so a process killed at any point leaves a
// file that opens, verifies and holds every event recorded before the kill. Recording errors
// throw (IoError when the disk refuses a write): a run that cannot be audited stops rather than goes on unrecorded.
// Records carry the query they belong to; a query id seen before in the session is keyed
// "<id>#2", "<id>#3", ... so reruns of one query replay separately.
class SessionRecorder : public AnyEventObserver {
public:
    // Creates `path` (which must not exist) and records the session header as record 1.
    SessionRecorder(const std::string& path, SessionInfo info, RecorderOptions options = {});
    // Signs the closed chain head when recording with a key, then folds the WAL into the main
    // file, so the file alone is the complete artefact.
    ~SessionRecorder() override;
    SessionRecorder(const SessionRecorder&) = delete;
    SessionRecorder& operator=(const SessionRecorder&) = delete;

    int64_t recordCount() const;
    const std::string& headHash() const;

private:
    // Records every Recorded kind (events/events.h); transient ones are skipped.
    void onAnyEvent(const PipelineEvent& event) override;
    PipelineEvent redacted(const PipelineEvent& event) const;

    class Store;
    std::unique_ptr<Store> store_;
    RecorderOptions options_;
    std::string query_id_;  // the query the events belong to, from the last QueryStarted
    std::map<std::string, int> times_started_;  // a query id started again gets a "#2" key
};

}  // namespace hullft::sessions
