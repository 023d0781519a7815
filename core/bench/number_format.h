#pragma once

#include <string>

namespace hullft {

// One number through a printf pattern ("%.6f", "%+.2f%%"): the fixed decimals of CSV rows and
// summary tables.
std::string formatNumber(const char* pattern, double value);

}  // namespace hullft
