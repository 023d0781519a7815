#include "corpus/package_index.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace hullft {
namespace {

namespace fs = std::filesystem;

// "pkg:amd64.list" -> "pkg"
std::string packageOfListFile(const fs::path& file) {
    const std::string stem = file.stem().string();
    return stem.substr(0, stem.find(':'));
}

}  // namespace

PackageIndex::PackageIndex(const std::string& dpkgDirectory) {
    std::error_code error;
    for (fs::directory_iterator it(fs::path(dpkgDirectory) / "info", error), end; !error && it != end; it.increment(error)) {
        if (it->path().extension() != ".list") continue;
        std::ifstream list(it->path());
        const std::string package = packageOfListFile(it->path());
        std::string line;
        while (std::getline(list, line)) owners_.emplace(line, package);
    }
    // status: paragraphs of "Field: value" lines; keep installed packages' versions.
    std::ifstream status(fs::path(dpkgDirectory) / "status");
    std::string line, package, version, state;
    const auto flush = [&] {
        if (!package.empty() && state.find("install ok installed") != std::string::npos) versions_[package] = version;
        package.clear(), version.clear(), state.clear();
    };
    while (std::getline(status, line)) {
        if (line.empty()) flush();
        else if (line.rfind("Package: ", 0) == 0) package = line.substr(9);
        else if (line.rfind("Version: ", 0) == 0) version = line.substr(9);
        else if (line.rfind("Status: ", 0) == 0) state = line.substr(8);
    }
    flush();
}

std::string PackageIndex::ownerOf(const std::string& path) const {
    const auto it = owners_.find(path);
    return it == owners_.end() ? "" : it->second;
}

std::string PackageIndex::versionOf(const std::string& package) const {
    const auto it = versions_.find(package);
    return it == versions_.end() ? "" : it->second;
}

}  // namespace hullft
