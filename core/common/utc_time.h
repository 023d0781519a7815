#pragma once

#include <string>

namespace hullft {

// The current time in UTC as ISO 8601 to the second ("2026-12-07T12:00:00Z").
std::string utcNow();

}  // namespace hullft
