#pragma once

#include <string>
#include <string_view>

namespace hullft::sessions {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view bytes);

// `bytes` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string toValidUtf8(std::string_view bytes);

}  // namespace hullft::sessions
