#pragma once

#include <string>

namespace hullft {

// The current time in UTC as ISO 8601 to the second ("2026-12-07T12:00:00Z").
std::string utcNow();
// The same instant without separators, for file names and ids ("20261207T120000Z"): sorts in
// time order.
std::string compactUtc(const std::string& iso8601);

}  // namespace hullft
