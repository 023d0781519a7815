#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft eval --model DIR --text-file F [--device auto|cpu|cuda]`: bits per byte of a text.
const Command& evalCommand();

}  // namespace hullft::cli
