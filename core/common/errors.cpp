#include "common/errors.h"

#include <cerrno>
#include <cstring>

namespace hullft {

InputError::InputError(const std::string& source, const std::string& problem)
    : Error(source.empty() ? problem : source + ": " + problem), source_(source), problem_(problem) {}

IoError::IoError(const std::string& path, const std::string& reason) : Error(path + ": " + reason), path_(path) {}

int exitCodeFor(const std::exception& error) {
    return dynamic_cast<const InputError*>(&error) ? kExitBadInput : kExitFailure;
}

bool namesNothingUsable(int errorNumber) {
    return errorNumber == ENOENT || errorNumber == ENOTDIR || errorNumber == EISDIR || errorNumber == ENAMETOOLONG ||
           errorNumber == ELOOP;
}

void throwFileError(const std::string& path, const std::string& action, int errorNumber) {
    const std::string reason = action + ": " + std::strerror(errorNumber);
    if (namesNothingUsable(errorNumber)) throw InputError(path, reason);
    throw IoError(path, reason);
}

}  // namespace hullft
