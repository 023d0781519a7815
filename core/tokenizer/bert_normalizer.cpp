#include "tokenizer/bert_normalizer.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "common/errors.h"
#include "common/utf8.h"
#include "tokenizer/unicode_normalization.h"

namespace hullft {
namespace {

bool isOther(char32_t c) {
    switch (u_charType(static_cast<UChar32>(c))) {
        case U_CONTROL_CHAR:
        case U_FORMAT_CHAR:
        case U_UNASSIGNED:
        case U_PRIVATE_USE_CHAR:
        case U_SURROGATE:
            return true;
        default:
            return false;
    }
}

bool isControl(char32_t c) { return c != '\t' && c != '\n' && c != '\r' && isOther(c); }

// The CJK Unified Ideographs blocks and their extensions and compatibility forms, as BERT lists
// them (Hangul, Hiragana and Katakana are not among them).
bool isChineseCharacter(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) ||
           (c >= 0x2B920 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::string cleanText(std::string_view text) {
    std::string result;
    for (size_t offset = 0; offset < text.size();) {
        const char32_t c = nextCodePoint(text, offset);
        if (c == 0 || c == 0xFFFD || isControl(c)) continue;
        appendUtf8(result, isBertWhitespace(c) ? U' ' : c);
    }
    return result;
}

std::string spaceChineseCharacters(std::string_view text) {
    std::string result;
    for (size_t offset = 0; offset < text.size();) {
        const char32_t c = nextCodePoint(text, offset);
        if (isChineseCharacter(c)) result += ' ';
        appendUtf8(result, c);
        if (isChineseCharacter(c)) result += ' ';
    }
    return result;
}

std::string stripAccents(const std::string& text) {
    const std::string decomposed = normalizeNfd(text);
    std::string result;
    for (size_t offset = 0; offset < decomposed.size();) {
        const char32_t c = nextCodePoint(decomposed, offset);
        if (u_charType(static_cast<UChar32>(c)) != U_NON_SPACING_MARK) appendUtf8(result, c);
    }
    return result;
}

// One character's full lowercase mapping without context (Rust's char::to_lowercase): ICU's
// string mapping of the character alone.
void appendLowercase(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        return;
    }
    UChar source[2];
    int32_t sourceLength = 0;
    U16_APPEND_UNSAFE(source, sourceLength, static_cast<UChar32>(c));
    UChar lower[8];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length = u_strToLower(lower, 8, source, sourceLength, "", &status);
    if (U_FAILURE(status)) throw Error(std::string("lowercasing failed: ") + u_errorName(status));
    for (int32_t i = 0; i < length;) {
        UChar32 mapped;
        U16_NEXT(lower, i, length, mapped);
        appendUtf8(out, static_cast<char32_t>(mapped));
    }
}

std::string lowercase(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (size_t offset = 0; offset < text.size();) appendLowercase(result, nextCodePoint(text, offset));
    return result;
}

}  // namespace

bool isBertWhitespace(char32_t codePoint) { return u_isUWhiteSpace(static_cast<UChar32>(codePoint)); }

bool isBertPunctuation(char32_t codePoint) {
    if (codePoint < 0x80)
        return (codePoint >= 0x21 && codePoint <= 0x2F) || (codePoint >= 0x3A && codePoint <= 0x40) ||
               (codePoint >= 0x5B && codePoint <= 0x60) || (codePoint >= 0x7B && codePoint <= 0x7E);
    return u_ispunct(static_cast<UChar32>(codePoint));
}

std::string bertNormalize(std::string_view utf8, const BertNormalizerOptions& options) {
    std::string text(utf8);
    if (options.cleanText) text = cleanText(text);
    if (options.handleChineseChars) text = spaceChineseCharacters(text);
    if (options.stripAccents) text = stripAccents(text);
    if (options.lowercase) text = lowercase(text);
    return text;
}

}  // namespace hullft
