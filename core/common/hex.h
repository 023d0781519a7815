#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hullft {

// Lower-case hexadecimal, two digits per byte: digests, signatures, bytes that are not UTF-8.
std::string hexEncode(std::string_view bytes);

// The bytes `hex` spells, or nothing when it has an odd length or a digit hexEncode does not
// write (upper case included: one spelling per byte string, so hashed text cannot vary).
std::optional<std::string> hexDecode(std::string_view hex);

}  // namespace hullft
