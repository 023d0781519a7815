#pragma once

#include <string>

#include "common/errors.h"

namespace hullft::cli {

// Writes `text` to stdout followed by a newline and flushes (JSON results, reports).
void printLine(const std::string& text);
// Writes "hullft: message" to stderr.
void printError(const std::string& message);

}  // namespace hullft::cli
