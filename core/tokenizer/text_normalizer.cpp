#include "tokenizer/text_normalizer.h"

#include "tokenizer/unicode_normalization.h"

namespace hullft {

std::string replaceLiteral(const std::string& text, const std::string& pattern, const std::string& content) {
    if (pattern.empty()) return text;
    std::string result;
    size_t start = 0;
    for (size_t found; (found = text.find(pattern, start)) != std::string::npos;
         start = found + pattern.size())
        result.append(text, start, found - start).append(content);
    return result.append(text, start);
}

std::string TextNormalizer::normalize(std::string_view utf8) const {
    std::string text(utf8);
    for (const NormalizerStep& step : steps_) {
        switch (step.kind) {
            case NormalizerStep::Kind::Nfc:
                text = normalizeNfc(text);
                break;
            case NormalizerStep::Kind::Prepend:
                if (!text.empty()) text.insert(0, step.content);
                break;
            case NormalizerStep::Kind::Replace:
                text = replaceLiteral(text, step.pattern, step.content);
                break;
            case NormalizerStep::Kind::Bert:
                text = bertNormalize(text, step.bert);
                break;
        }
    }
    return text;
}

}  // namespace hullft
