#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace hullft {

// The text of a summary's JSON (bench summary.json, stream_summary.json). A statistic of no
// values (NaN, the Markdown's "-": a hit rate without steps, a correlation of fewer than two
// pairs) is left out of its object rather than written as null, which a reader would take for a
// value lost by accident. Any other non-finite number (an overflow) is an Error naming `what` and
// the field: JSON has no such number.
std::string summaryJsonText(nlohmann::ordered_json document, const std::string& what);

}  // namespace hullft
