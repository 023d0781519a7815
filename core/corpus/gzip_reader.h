#pragma once

#include <string>

namespace hullft {

// Inflates gzip data (several members allowed, as dictzip .dz and concatenated .gz files
// have). `source` names the data in errors.
std::string gunzip(const std::string& compressed, const std::string& source);

// True when `bytes` start with the gzip magic number.
bool looksGzipped(const std::string& bytes);

}  // namespace hullft
