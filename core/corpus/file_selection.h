#pragma once

#include <string>
#include <vector>

namespace hullft {

// Regular files (symlinks followed) whose absolute path matches one of `patterns` and none of
// `exclude` (fnmatch, '*' also crosses '/'), sorted. The walk starts at each pattern's longest
// wildcard-free folder; unreadable folders are skipped.
std::vector<std::string> selectFiles(const std::vector<std::string>& patterns, const std::vector<std::string>& exclude);

}  // namespace hullft
