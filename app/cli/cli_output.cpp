#include "cli/cli_output.h"

#include <iostream>

namespace hullft::cli {

void printLine(const std::string& text) { std::cout << text << std::endl; }

void printError(const std::string& message) { std::cerr << "hullft: " << message << std::endl; }

}  // namespace hullft::cli
