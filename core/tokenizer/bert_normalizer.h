#pragma once

#include <string>
#include <string_view>

namespace hullft {

// tokenizer.json's BertNormalizer, as the tokenizers library runs it, in this order:
// clean_text drops U+0000, U+FFFD and "other" characters (Cc, Cf, Cn, Co, Cs; not \t \n \r) and
// turns whitespace (White_Space, \t \n \r) into a space; handle_chinese_chars puts spaces around
// CJK ideographs (the BERT ranges); strip_accents decomposes (NFD) and drops non-spacing marks
// (Mn); lowercase maps each character to its full lowercase (no context: a final sigma is σ).
struct BertNormalizerOptions {
    bool cleanText = true;
    bool handleChineseChars = true;
    bool stripAccents = true;  // tokenizer.json's strip_accents null means: as lowercase
    bool lowercase = true;
};

// `utf8` (valid UTF-8) normalized by `options`. Character classes come from ICU's Unicode
// tables, so characters assigned after the tokenizers library's tables may classify differently.
std::string bertNormalize(std::string_view utf8, const BertNormalizerOptions& options);

// Whether BERT counts `codePoint` as punctuation: ASCII punctuation (symbols such as $ + < = >
// ^ ` | ~ included) or a Unicode punctuation category (Pc Pd Ps Pe Pi Pf Po).
bool isBertPunctuation(char32_t codePoint);

// Whether `codePoint` is whitespace as the BERT pipeline sees it (the White_Space property).
bool isBertWhitespace(char32_t codePoint);

}  // namespace hullft
