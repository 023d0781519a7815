#include "cli/output_path_check.h"

#include <filesystem>
#include <system_error>

#include "common/errors.h"

namespace hullft::cli {

bool isSamePath(const std::string& a, const std::string& b) {
    std::error_code error;
    return std::filesystem::equivalent(a, b, error);
}

void checkOutputPath(const std::string& out, const std::vector<std::string>& inputs, bool force) {
    std::error_code error;
    if (!std::filesystem::exists(out, error)) return;
    for (const std::string& input : inputs)
        if (isSamePath(out, input))
            throw InputError(out, "is an input of this command (" + input + "); write the output elsewhere");
    if (!force) throw InputError(out, "exists; pass --force to replace it");
}

}  // namespace hullft::cli
