// hullft: the headless face of HullFT Workbench (README.md, "The command line").
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli_output.h"
#include "cli/commands.h"
#include "cli/session_command.h"
#include "cli/bench_command.h"
#include "cli/eval_command.h"
#include "cli/pretrain_command.h"
#include "cli/query_command.h"
#include "cli/select_command.h"
#include "cli/tokenize_command.h"
#include "cli/corpus_command.h"
#include "cli/store_command.h"
#include "cli/stream_command.h"
#include "cli/serve_command.h"
#include "common/errors.h"
#include "common/version.h"

namespace hullft::cli {
namespace {

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        sessionCommand(),
        evalCommand(),
        pretrainCommand(),
        queryCommand(),
        selectCommand(),
        tokenizeCommand(),
        corpusCommand(),
        storeCommand(),
        benchCommand(),
        streamCommand(),
        serveCommand(),
    };
    return all;
}

void printHelp() {
    std::cout << "hullft " << kVersion << " - test-time finetuning with HullFT, kNN and SIFT\n\n"
              << "Usage: hullft <command> [options]\n\nCommands:\n";
    for (const Command& command : commands())
        std::cout << "  " << command.name << std::string(16 - std::min<size_t>(15, std::string(command.name).size()), ' ')
                  << command.summary << "\n";
    std::cout << "\nOptions:\n  --help          show this help (or `hullft <command> --help`)\n"
              << "  --version       print the version\n\n"
              << "Exit codes: 0 success, 1 failure, 2 bad usage or bad input.\n";
}

const Command* findCommand(const std::string& name) {
    for (const Command& command : commands())
        if (name == command.name) return &command;
    return nullptr;
}

int run(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
        printHelp();
        return words.empty() ? kExitBadInput : kExitOk;
    }
    if (words[0] == "--version") {
        printLine(std::string("hullft ") + kVersion);
        return kExitOk;
    }
    const Command* command = findCommand(words[0]);
    if (!command) {
        printError("unknown command '" + words[0] + "' (see hullft --help)");
        return kExitBadInput;
    }
    const std::vector<std::string> rest(words.begin() + 1, words.end());
    for (const std::string& word : rest) {
        if (word == "--help" || word == "-h") {
            std::cout << "Usage: " << command->usage << "\n\n" << command->summary << "\n";
            return kExitOk;
        }
    }
    try {
        return command->run(rest);
    } catch (const UsageError& e) {
        printError(std::string(command->name) + ": " + e.what() + "\nUsage: " + command->usage);
        return exitCodeFor(e);
    } catch (const std::filesystem::filesystem_error& e) {
        printError(e.path1().string() + ": " + e.code().message());
        return namesNothingUsable(e.code().value()) ? kExitBadInput : kExitFailure;
    } catch (const std::bad_alloc&) {
        printError("out of memory");
        return kExitFailure;
    } catch (const std::exception& e) {
        printError(e.what());
        return exitCodeFor(e);
    }
}

}  // namespace
}  // namespace hullft::cli

int main(int argc, char** argv) { return hullft::cli::run(argc, argv); }
