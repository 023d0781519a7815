#pragma once

#include <string>

namespace hullft::cli {

// The embedded default model (resources/models/default), unless HULLFT_RESOURCES points the
// CLI at another resources folder.
std::string defaultModelDirectory();

}  // namespace hullft::cli
