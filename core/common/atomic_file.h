#pragma once

#include <string>

namespace hullft {

// Writes `contents` to `path` all or nothing: a temporary file in the same folder is written,
// flushed to disk and renamed over `path`, so a killed process never leaves half a file.
void writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace hullft
