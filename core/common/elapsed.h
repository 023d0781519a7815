#pragma once

#include <chrono>

namespace hullft {

// The clock every stage timing uses: monotonic, so a changed wall clock never shows as time.
using Clock = std::chrono::steady_clock;

// Seconds from `start` until now.
inline double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace hullft
