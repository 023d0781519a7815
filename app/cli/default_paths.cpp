#include "cli/default_paths.h"

#include <cstdlib>

namespace hullft::cli {

std::string defaultModelDirectory() {
    const char* resources = std::getenv("HULLFT_RESOURCES");
    return std::string(resources && *resources ? resources : HULLFT_RESOURCES_DIR) + "/models/default";
}

}  // namespace hullft::cli
