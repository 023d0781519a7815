#pragma once

#include <string>

namespace hullft::sessions {

class SessionReader;

// The whole session as one JSON document: the verification result, the header, a summary per
// query and every record (seq, kind, query id, hashes and payload), in recorded order.
// The caller writes it to disk atomically.
std::string exportJson(const SessionReader& reader);

}  // namespace hullft::sessions
