#include "bench/number_format.h"

#include <cstdio>

namespace hullft {

std::string formatNumber(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

}  // namespace hullft
