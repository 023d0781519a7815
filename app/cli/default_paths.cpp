#include "cli/default_paths.h"

#include <cstdlib>
#include <ctime>

namespace hullft::cli {

std::string defaultModelDirectory() {
    const char* resources = std::getenv("HULLFT_RESOURCES");
    return std::string(resources && *resources ? resources : HULLFT_RESOURCES_DIR) + "/models/default";
}

std::string timestampedFolder(const std::string& prefix) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    return prefix + "-" + stamp;
}

}  // namespace hullft::cli
