#include "common/errors.h"

namespace hullft {

InputError::InputError(const std::string& source, const std::string& problem)
    : Error(source.empty() ? problem : source + ": " + problem), source_(source), problem_(problem) {}

}  // namespace hullft
