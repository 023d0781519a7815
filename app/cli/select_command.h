#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft select --input CASE.json`: runs one selection case (golden schema) and prints the
// result as JSON with the keys of that kind's "expected".
const Command& selectCommand();

}  // namespace hullft::cli
