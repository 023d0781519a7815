#pragma once

#include <string>

namespace hullft::cli {

// The embedded default model (resources/models/default), unless HULLFT_RESOURCES points the
// CLI at another resources folder.
std::string defaultModelDirectory();

// An output folder named for now: "PREFIX-YYYYmmdd-HHMMSS" (local time), e.g. stream-20261207-141500.
std::string timestampedFolder(const std::string& prefix);

}  // namespace hullft::cli
