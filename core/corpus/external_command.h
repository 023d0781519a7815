#pragma once

#include <string>
#include <vector>

namespace hullft {

// Runs a program (no shell) and returns what it wrote on stdout. Extra environment entries
// ("NAME=value") are added to the current environment. Throws Error when the program cannot
// start, exits non-zero or runs past `timeoutSeconds` (it is killed then).
std::string runProgram(const std::vector<std::string>& argv, const std::vector<std::string>& extraEnvironment,
                       double timeoutSeconds);

}  // namespace hullft
