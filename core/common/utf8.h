#pragma once

#include <string>
#include <string_view>

namespace hullft {

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view bytes);

// Replaces every invalid byte sequence by U+FFFD; `replaced` (optional) counts replacements.
std::string repairUtf8(std::string_view bytes, size_t* replaced = nullptr);

// Length in bytes of the longest prefix of `bytes` that has at most `maxBytes` bytes and does
// not cut a UTF-8 character in two.
size_t utf8PrefixLength(std::string_view bytes, size_t maxBytes);

}  // namespace hullft
