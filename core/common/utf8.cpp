#include "common/utf8.h"

#include "common/errors.h"

namespace hullft {
namespace {

// Length of the well-formed sequence starting at `i`, or the length of the maximal ill-formed
// subpart there negated (at least 1), following Table 3-7 of the Unicode standard.
int sequenceLength(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;  // bounds of the first continuation byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // no overlong forms
        if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
        return -1;
    }
    for (int k = 1; k < length; ++k) {
        if (i + k >= text.size()) return -k;
        const unsigned char next = byte(i + k);
        const unsigned char lowHere = k == 1 ? low : 0x80, highHere = k == 1 ? high : 0xBF;
        if (next < lowHere || next > highHere) return -k;
    }
    return length;
}

}  // namespace

bool isValidUtf8(std::string_view bytes) { return !firstInvalidUtf8Offset(bytes); }

std::optional<size_t> firstInvalidUtf8Offset(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        const int length = sequenceLength(bytes, i);
        if (length < 0) return i;
        i += static_cast<size_t>(length);
    }
    return std::nullopt;
}

void requireValidUtf8(std::string_view bytes, const std::string& source) {
    const auto offset = firstInvalidUtf8Offset(bytes);
    if (!offset) return;
    static const char* digits = "0123456789ABCDEF";
    const auto bad = static_cast<unsigned char>(bytes[*offset]);
    throw InputError(source, std::string("not valid UTF-8 (ill-formed byte 0x") + digits[bad >> 4] +
                                 digits[bad & 15] + " at byte offset " + std::to_string(*offset) + ")");
}

std::string repairUtf8(std::string_view bytes, size_t* replaced) {
    std::string repaired;
    repaired.reserve(bytes.size());
    size_t count = 0;
    for (size_t i = 0; i < bytes.size();) {
        const int length = sequenceLength(bytes, i);
        if (length > 0) {
            repaired.append(bytes.substr(i, static_cast<size_t>(length)));
            i += static_cast<size_t>(length);
        } else {
            appendUtf8(repaired, U'\uFFFD');
            ++count;
            i += static_cast<size_t>(-length);
        }
    }
    if (replaced) *replaced = count;
    return repaired;
}

size_t utf8PrefixLength(std::string_view bytes, size_t maxBytes) {
    if (maxBytes >= bytes.size()) return bytes.size();
    size_t cut = maxBytes;
    // Step back over continuation bytes so the cut lands before a character's lead byte.
    while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

char32_t nextCodePoint(std::string_view utf8, size_t& offset) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(utf8[k]); };
    const unsigned char lead = byte(offset);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t codePoint = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (int k = 1; k < length; ++k) codePoint = (codePoint << 6) | (byte(offset + k) & 0x3F);
    offset += static_cast<size_t>(length);
    return codePoint;
}

void appendUtf8(std::string& out, char32_t codePoint) {
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

}  // namespace hullft
