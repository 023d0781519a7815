#pragma once

#include <string>
#include <string_view>

namespace hullft::sessions {

// Text made safe for HTML element content and quoted attribute values: & < > " ' escaped,
// invalid UTF-8 and control characters (other than tab and newline) replaced by U+FFFD.
std::string escapeHtml(std::string_view text);

// A number for display: up to `digits` significant digits; "NaN", "inf", "-inf" as such.
std::string formatNumber(double value, int digits = 4);

}  // namespace hullft::sessions
