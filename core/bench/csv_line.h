#pragma once

#include <string>
#include <vector>

namespace hullft {

// RFC 4180 fields: quoted (with doubled quotes) only when they hold a comma, a quote or a
// line break, so plain ids and numbers stay as they are.
std::string csvField(const std::string& value);
std::string csvLine(const std::vector<std::string>& fields);  // no line ending

// Splits one line written by csvLine. Returns false on an unterminated quote.
bool splitCsvLine(const std::string& line, std::vector<std::string>& fields);

}  // namespace hullft
