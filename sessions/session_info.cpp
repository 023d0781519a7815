#include "session_info.h"

#include <algorithm>
#include <filesystem>

#include "sha256.h"

namespace hullft::sessions {

std::string modelIdentity(const std::vector<std::string>& weightFiles) {
    std::vector<std::string> files = weightFiles;
    std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
        return std::filesystem::path(a).filename() < std::filesystem::path(b).filename();
    });
    Sha256 identity;
    for (const std::string& file : files) {
        identity.update(std::filesystem::path(file).filename().string());
        identity.update("\n");
        identity.update(sha256FileHex(file));
        identity.update("\n");
    }
    return "sha256:" + identity.finalHex();
}

}  // namespace hullft::sessions
