#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/bert_normalizer.h"

namespace hullft {

// One step of tokenizer.json's normalizer: NFC, Prepend (a string before non-empty text, as
// SentencePiece's dummy prefix "▁"), Replace (every occurrence of a literal string) or
// BertNormalizer (bert_normalizer.h).
struct NormalizerStep {
    enum class Kind { Nfc, Prepend, Replace, Bert };
    Kind kind = Kind::Nfc;
    std::string pattern;  // Replace: what is replaced
    std::string content;  // Prepend: what is prepended; Replace: the replacement
    BertNormalizerOptions bert;  // Bert
};

// The normalizer steps in order (none: the text as it is).
class TextNormalizer {
public:
    TextNormalizer() = default;
    explicit TextNormalizer(std::vector<NormalizerStep> steps) : steps_(std::move(steps)) {}
    std::string normalize(std::string_view utf8) const;

private:
    std::vector<NormalizerStep> steps_;
};

// `text` with every occurrence of `pattern` (non-empty) replaced by `content`, left to right.
std::string replaceLiteral(const std::string& text, const std::string& pattern, const std::string& content);

}  // namespace hullft
