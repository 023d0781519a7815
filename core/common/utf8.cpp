#include "common/utf8.h"

#include <cstdint>

namespace hullft {
namespace {

// Length of the valid UTF-8 character starting at `bytes[i]`, or 0 if it is invalid.
size_t validCharLength(std::string_view bytes, size_t i) {
    const auto at = [&](size_t k) { return static_cast<uint8_t>(bytes[k]); };
    const uint8_t lead = at(i);
    if (lead < 0x80) return 1;
    size_t length = 0;
    uint32_t min = 0;
    uint32_t code = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, min = 0x80, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0) length = 3, min = 0x800, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0) length = 4, min = 0x10000, code = lead & 0x07;
    else return 0;
    if (i + length > bytes.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((at(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (at(i + k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

}  // namespace

bool isValidUtf8(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        const size_t length = validCharLength(bytes, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string repairUtf8(std::string_view bytes, size_t* replaced) {
    std::string out;
    out.reserve(bytes.size());
    size_t count = 0;
    for (size_t i = 0; i < bytes.size();) {
        const size_t length = validCharLength(bytes, i);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++count;
            ++i;
        } else {
            out.append(bytes.substr(i, length));
            i += length;
        }
    }
    if (replaced) *replaced = count;
    return out;
}

size_t utf8PrefixLength(std::string_view bytes, size_t maxBytes) {
    if (maxBytes >= bytes.size()) return bytes.size();
    size_t cut = maxBytes;
    // Step back over continuation bytes so the cut lands before a character's lead byte.
    while (cut > 0 && (static_cast<uint8_t>(bytes[cut]) & 0xC0) == 0x80) --cut;
    return cut;
}

}  // namespace hullft
