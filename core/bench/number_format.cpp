#include "bench/number_format.h"

#include <cstdio>

namespace hullft {

std::string formatNumber(const char* pattern, double value) {
    // Sized by a first pass: "%.10f" of 1e300 needs 312 characters, and a cut one reads back as
    // another number.
    std::string text(static_cast<size_t>(std::snprintf(nullptr, 0, pattern, value)), '\0');
    std::snprintf(text.data(), text.size() + 1, pattern, value);
    return text;
}

}  // namespace hullft
