#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft corpus build`: the default corpus from Debian packages, as a recipe describes it.
const Command& corpusCommand();

// The recipe committed in resources/corpus/ (the build's source tree).
std::string defaultRecipePath();

}  // namespace hullft::cli
