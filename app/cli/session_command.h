#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft session verify|show|export FILE`: audit a recorded session file; `hullft session keygen
// KEY`: make the key pair that signs sessions (--sign-key) and checks them (--public-key).
const Command& sessionCommand();

}  // namespace hullft::cli
