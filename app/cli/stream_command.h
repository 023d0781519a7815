#pragma once

#include "cli/commands.h"

namespace hullft::cli {
// `hullft stream`: one long-lived process answering a query stream that alternates between domains.
const Command& streamCommand();
}  // namespace hullft::cli
