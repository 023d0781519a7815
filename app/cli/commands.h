#pragma once

#include <string>
#include <vector>

namespace hullft::cli {

// One `hullft SUBCOMMAND ...` entry: `run` gets the words after the subcommand's name and
// returns the exit code. Errors are thrown (UsageError, hullft::InputError, hullft::Error)
// and turned into messages and exit codes by main().
struct Command {
    const char* name;
    const char* summary;
    const char* usage;
    int (*run)(const std::vector<std::string>& words);
};

}  // namespace hullft::cli
