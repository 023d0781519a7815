#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hullft {

// Deepest nesting any of our JSON inputs needs (tokenizer.json nests 6 deep); deeper input is
// refused before it is built, so a hostile "[[[[..." cannot exhaust the stack.
inline constexpr int kMaxJsonDepth = 64;

// A parser callback that refuses nesting deeper than `maxDepth` (InputError naming `source`)
// as the parser meets it, for parsers that need nlohmann's own errors otherwise.
nlohmann::json::parser_callback_t depthLimit(const std::string& source, int maxDepth = kMaxJsonDepth);

// Parses `text`; InputError names `source` and the parse position, or the depth limit.
nlohmann::json parseJson(std::string_view text, const std::string& source, int maxDepth = kMaxJsonDepth);

// Reads and parses a JSON file (parseJson's rules).
nlohmann::json readJsonFile(const std::string& path);

// Reads a whole file as bytes: InputError if it does not exist, IoError if it cannot be read.
std::string readFileBytes(const std::string& path);

}  // namespace hullft
