#pragma once

#include "cli/commands.h"

namespace hullft::cli {
// `hullft serve`: test-time finetuning behind an OpenAI-compatible completions endpoint.
const Command& serveCommand();
}  // namespace hullft::cli
