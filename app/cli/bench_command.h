#pragma once

#include "cli/commands.h"

namespace hullft::cli {
const Command& benchCommand();
}
