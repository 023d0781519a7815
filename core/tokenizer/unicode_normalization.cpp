#include "tokenizer/unicode_normalization.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <vector>

#include "common/errors.h"

namespace hullft {
namespace {

void check(UErrorCode status, const char* step) {
    if (U_FAILURE(status))
        throw Error(std::string("Unicode normalization failed in ") + step + ": " + u_errorName(status));
}

std::vector<UChar> toUtf16(const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8(nullptr, 0, &length, utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) status = U_ZERO_ERROR;
    check(status, "u_strFromUTF8");
    std::vector<UChar> utf16(static_cast<size_t>(length));
    u_strFromUTF8(utf16.data(), length, nullptr, utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    check(status, "u_strFromUTF8");
    return utf16;
}

std::string toUtf8(const std::vector<UChar>& utf16) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strToUTF8(nullptr, 0, &length, utf16.data(), static_cast<int32_t>(utf16.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) status = U_ZERO_ERROR;
    check(status, "u_strToUTF8");
    std::string utf8(static_cast<size_t>(length), '\0');
    u_strToUTF8(utf8.data(), length, nullptr, utf16.data(), static_cast<int32_t>(utf16.size()), &status);
    check(status, "u_strToUTF8");
    return utf8;
}

// `utf8` in the normalization form `form` (ICU's NFC or NFD instance).
std::string normalizeWith(const UNormalizer2* form, const std::string& utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const std::vector<UChar> source = toUtf16(utf8);
    // NFC and NFD grow UTF-16 text at most threefold (UAX #15); retry at the reported size regardless.
    std::vector<UChar> normalized(source.size() * 3 + 16);
    int32_t length = unorm2_normalize(form, source.data(), static_cast<int32_t>(source.size()),
                                      normalized.data(), static_cast<int32_t>(normalized.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        status = U_ZERO_ERROR;
        normalized.resize(static_cast<size_t>(length));
        length = unorm2_normalize(form, source.data(), static_cast<int32_t>(source.size()), normalized.data(),
                                  length, &status);
    }
    check(status, "unorm2_normalize");
    normalized.resize(static_cast<size_t>(length));
    return toUtf8(normalized);
}

bool isAscii(const std::string& utf8) {
    return std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string normalizeNfc(const std::string& utf8) {
    if (isAscii(utf8)) return utf8;
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
    check(status, "unorm2_getNFCInstance");
    return normalizeWith(nfc, utf8);
}

std::string normalizeNfd(const std::string& utf8) {
    if (isAscii(utf8)) return utf8;
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
    check(status, "unorm2_getNFDInstance");
    return normalizeWith(nfd, utf8);
}

}  // namespace hullft
