#include "common/utc_time.h"

#include <ctime>

namespace hullft {

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string compactUtc(const std::string& iso8601) {
    std::string compact;
    for (const char c : iso8601)
        if (c != '-' && c != ':') compact += c;
    return compact;
}

}  // namespace hullft
