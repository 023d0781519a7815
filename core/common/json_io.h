#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace hullft {

// Reads and parses a JSON file; InputError names the file and the parse position on failure.
nlohmann::json readJsonFile(const std::string& path);

// Reads a whole file as bytes; InputError if it cannot be opened or read.
std::string readFileBytes(const std::string& path);

}  // namespace hullft
