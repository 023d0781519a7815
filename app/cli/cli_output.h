#pragma once

#include <stdexcept>
#include <string>

namespace hullft::cli {

// A command line that cannot be understood: exit code 2 with the subcommand's usage hint.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the work itself failed (I/O, numerical breakdown)
inline constexpr int kExitBadInput = 2; // bad usage or unusable input file

// Writes `text` to stdout followed by a newline and flushes (JSON results, reports).
void printLine(const std::string& text);
// Writes "hullft: message" to stderr.
void printError(const std::string& message);

}  // namespace hullft::cli
