#pragma once

#include <string>

#include "common/errors.h"
#include "common/json_io.h"

namespace hullft::cli {

// Writes `text` to stdout followed by a newline and flushes (JSON results, reports).
void printLine(const std::string& text);
// Writes `json` to stdout (nlohmann's dump with `indent`) after requireFiniteNumbers(json,
// command): a result with a NaN or infinity is an error naming the command, never a null.
template <class Json>
void printJson(const Json& json, const std::string& command, int indent = -1) {
    requireFiniteNumbers(json, command);
    printLine(json.dump(indent));
}

// Writes "hullft: message" to stderr.
void printError(const std::string& message);

}  // namespace hullft::cli
