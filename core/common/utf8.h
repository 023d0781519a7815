#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hullft {

// Strict UTF-8 (RFC 3629, Table 3-7 of the Unicode standard): no overlong forms, no surrogates,
// nothing above U+10FFFF.
bool isValidUtf8(std::string_view bytes);

// Byte offset of the first byte that does not start a well-formed sequence, or nullopt when the
// whole text is valid.
std::optional<size_t> firstInvalidUtf8Offset(std::string_view bytes);

// Throws InputError(source, ...) naming the first ill-formed byte and its offset.
void requireValidUtf8(std::string_view bytes, const std::string& source);

// The one lossy repair: each maximal ill-formed subsequence becomes one U+FFFD (the Unicode
// "substitution of maximal subparts" practice, as Python's errors="replace" and so the
// reference's tokenizers do). `replaced` (optional) counts the U+FFFD written.
std::string repairUtf8(std::string_view bytes, size_t* replaced = nullptr);

// Length in bytes of the longest prefix of `bytes` that has at most `maxBytes` bytes and does
// not cut a UTF-8 character in two.
size_t utf8PrefixLength(std::string_view bytes, size_t maxBytes);

// Decodes the code point starting at `offset` of valid UTF-8 and advances `offset` past it.
char32_t nextCodePoint(std::string_view utf8, size_t& offset);

// Appends the UTF-8 encoding of `codePoint` (must be a Unicode scalar value).
void appendUtf8(std::string& out, char32_t codePoint);

}  // namespace hullft
