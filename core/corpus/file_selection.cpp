#include "corpus/file_selection.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace hullft {
namespace {

namespace fs = std::filesystem;

bool matchesAny(const std::vector<std::string>& patterns, const std::string& path) {
    for (const std::string& pattern : patterns)
        if (fnmatch(pattern.c_str(), path.c_str(), 0) == 0) return true;
    return false;
}

fs::path walkRoot(const std::string& pattern) {
    const size_t wildcard = pattern.find_first_of("*?[");
    if (wildcard == std::string::npos) return fs::path(pattern).parent_path();
    return fs::path(pattern.substr(0, pattern.rfind('/', wildcard) + 1));
}

void collect(const std::string& pattern, const std::vector<std::string>& exclude, std::set<std::string>& found) {
    const fs::path root = walkRoot(pattern);
    std::error_code error;
    if (!fs::is_directory(root, error)) return;
    const auto options = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(root, options, error), end; !error && it != end; it.increment(error)) {
        const std::string path = it->path().string();
        if (!it->is_regular_file(error)) continue;
        if (fnmatch(pattern.c_str(), path.c_str(), 0) == 0 && !matchesAny(exclude, path)) found.insert(path);
    }
}

}  // namespace

std::vector<std::string> selectFiles(const std::vector<std::string>& patterns, const std::vector<std::string>& exclude) {
    std::set<std::string> found;
    for (const std::string& pattern : patterns) collect(pattern, exclude, found);
    return {found.begin(), found.end()};
}

}  // namespace hullft
