#pragma once

// Record payloads: each event as canonical JSON (sorted keys, shortest round-trip numbers), and
// back. Non-finite numbers are stored as "NaN"/"Infinity"/"-Infinity" and text that is not
// valid UTF-8 as {"hex": ...}, so every event survives the round trip exactly.

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "session_event.h"
#include "session_info.h"

namespace hullft::sessions {

// A payload that does not decode; the message names the field and what is wrong.
class PayloadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

nlohmann::json encodeEvent(const SessionEvent& event);
// Throws PayloadError for an unknown kind or a missing or mistyped field.
SessionEvent decodeEvent(const std::string& kind, const nlohmann::json& payload);

nlohmann::json encodeSessionInfo(const SessionInfo& info);
SessionInfo decodeSessionInfo(const nlohmann::json& payload);

// The exact text stored in the payload column and hashed.
std::string canonicalJson(const nlohmann::json& value);
// Parses a stored payload; PayloadError if it is not JSON or nests absurdly deep.
nlohmann::json parsePayload(const std::string& text);

}  // namespace hullft::sessions
