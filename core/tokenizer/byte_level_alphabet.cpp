#include "tokenizer/byte_level_alphabet.h"

#include "common/utf8.h"

namespace hullft {
namespace {

bool standsForItself(int byte) {
    return (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
}

// Code point standing for each byte: itself when printable, else 256 + n in byte order.
std::array<char32_t, 256> codePointOfByte() {
    std::array<char32_t, 256> codePoints{};
    char32_t next = 256;
    for (int byte = 0; byte < 256; ++byte)
        codePoints[byte] = standsForItself(byte) ? static_cast<char32_t>(byte) : next++;
    return codePoints;
}

constexpr char32_t kAlphabetEnd = 256 + 68;  // 68 bytes are not printable Latin-1

}  // namespace

const std::array<std::string, 256>& byteLevelAlphabet() {
    static const std::array<std::string, 256> alphabet = [] {
        std::array<std::string, 256> strings;
        const auto codePoints = codePointOfByte();
        for (int byte = 0; byte < 256; ++byte) appendUtf8(strings[byte], codePoints[byte]);
        return strings;
    }();
    return alphabet;
}

std::string byteLevelSymbolToBytes(const std::string& symbol) {
    static const std::array<int, kAlphabetEnd> byteOfCodePoint = [] {
        std::array<int, kAlphabetEnd> bytes{};
        bytes.fill(-1);
        const auto codePoints = codePointOfByte();
        for (int byte = 0; byte < 256; ++byte) bytes[codePoints[byte]] = byte;
        return bytes;
    }();
    std::string bytes;
    for (size_t offset = 0; offset < symbol.size();) {
        const size_t start = offset;
        const char32_t codePoint = nextCodePoint(symbol, offset);
        if (codePoint < kAlphabetEnd && byteOfCodePoint[codePoint] >= 0)
            bytes += static_cast<char>(byteOfCodePoint[codePoint]);
        else
            bytes.append(symbol, start, offset - start);
    }
    return bytes;
}

}  // namespace hullft
