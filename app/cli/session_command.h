#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft session verify|show|export FILE`: audit a recorded session file.
const Command& sessionCommand();

}  // namespace hullft::cli
