#pragma once

#include <string>

namespace hullft {

// What the corpus does with an extracted text before it becomes a document.
enum class TextVerdict { Ok, Repaired, Binary, Empty };

struct CheckedText {
    TextVerdict verdict = TextVerdict::Ok;
    std::string text;          // valid UTF-8 (Ok, Repaired); empty otherwise
    size_t replaced = 0;       // invalid sequences replaced by U+FFFD (Repaired)
    size_t giant_lines = 0;    // lines longer than kGiantLineBytes (the chunker splits them)
};

inline constexpr size_t kGiantLineBytes = 10000;

// Binary data (NUL bytes or mostly control characters) is rejected, text that is only
// whitespace is empty, invalid UTF-8 is repaired; CRLF line ends become LF.
CheckedText checkDocumentText(const std::string& bytes);

}  // namespace hullft
