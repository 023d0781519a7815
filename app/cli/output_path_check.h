#pragma once

#include <string>
#include <vector>

namespace hullft::cli {

// Whether `a` and `b` name the same existing file or folder (by any path, links included).
bool isSamePath(const std::string& a, const std::string& b);

// Refuses (InputError naming `out`) to write an output file over one of the command's `inputs`
// (the same file by any path, links included), even with `force`, and over any other existing
// file unless `force`: a command must never destroy what it reads, an audit session above all.
void checkOutputPath(const std::string& out, const std::vector<std::string>& inputs, bool force);

}  // namespace hullft::cli
