#pragma once

#include "cli/commands.h"

namespace hullft::cli {

// `hullft tokenize --tokenizer DIR --text-file F [--lossy]`: prints the token ids as a JSON array.
const Command& tokenizeCommand();

}  // namespace hullft::cli
