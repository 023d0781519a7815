#pragma once

#include <array>
#include <string>

namespace hullft {

// GPT-2's bytes_to_unicode(): every byte as one printable code point (printable Latin-1 bytes
// stand for themselves, the others for U+0100 onwards), so byte-level BPE vocabularies are
// readable strings. Entry b is the UTF-8 of the code point standing for byte b.
const std::array<std::string, 256>& byteLevelAlphabet();

// The bytes a byte-level symbol (a vocab entry of valid UTF-8) stands for. Characters outside
// the alphabet pass through as their own UTF-8, as Hugging Face's ByteLevel decoder does.
std::string byteLevelSymbolToBytes(const std::string& symbol);

}  // namespace hullft
