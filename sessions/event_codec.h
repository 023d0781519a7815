#pragma once

// Record payloads: each event as canonical JSON (sorted keys, shortest round-trip numbers), and
// back, field by field from the event's FIELDS list (events/events.h). Non-finite numbers are
// stored as "NaN"/"Infinity"/"-Infinity" and text that is not valid UTF-8 as {"hex": ...}, so
// every event survives the round trip exactly.

#include <nlohmann/json.hpp>
#include <string>

#include "common/errors.h"
#include "events/pipeline_event.h"
#include "session_info.h"

namespace hullft::sessions {

// A payload that does not decode; the message names the field and what is wrong. Readers
// rethrow it as an InputError naming the file and the record.
class PayloadError : public InputError {
public:
    explicit PayloadError(const std::string& problem) : InputError("", problem) {}
};

nlohmann::json encodeEvent(const PipelineEvent& event);
// Throws PayloadError for an unknown or unrecorded kind or a missing or mistyped field.
PipelineEvent decodeEvent(const std::string& kind, const nlohmann::json& payload);

nlohmann::json encodeSessionInfo(const SessionInfo& info);
SessionInfo decodeSessionInfo(const nlohmann::json& payload);

// The exact text stored in the payload column and hashed.
std::string canonicalJson(const nlohmann::json& value);
// Parses a stored payload; PayloadError if it is not JSON or nests absurdly deep.
nlohmann::json parsePayload(const std::string& text);

}  // namespace hullft::sessions
