#pragma once

#include <string>

namespace hullft::sessions {

class SessionReader;

// A readable plain-text summary for `hullft session show`: header, verification, and one
// paragraph per query (method, support, steps computed/reused, BPB, circuit breaker, status).
std::string sessionSummary(const SessionReader& reader);

}  // namespace hullft::sessions
