#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace hullft {

// Byte offset of the first byte that does not start a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points past U+10FFFF count as ill-formed), or nullopt when the
// whole text is valid.
std::optional<size_t> firstInvalidUtf8Offset(const std::string& text);

// Throws InputError(source, ...) naming the byte offset when `text` is not valid UTF-8.
void requireValidUtf8(const std::string& text, const std::string& source);

// The explicit lossy mode: each maximal ill-formed subsequence becomes U+FFFD (the Unicode
// "substitution of maximal subparts" practice, as Python's errors="replace" does).
std::string repairUtf8(const std::string& text);

// Decodes the code point starting at `offset` of valid UTF-8 and advances `offset` past it.
char32_t nextCodePoint(const std::string& utf8, size_t& offset);

// Appends the UTF-8 encoding of `codePoint` (must be a Unicode scalar value).
void appendUtf8(std::string& out, char32_t codePoint);

}  // namespace hullft
