#include "tokenizer/bert_pre_tokenizer.h"

#include "common/utf8.h"
#include "tokenizer/bert_normalizer.h"

namespace hullft {

std::vector<std::string_view> bertPreTokenize(std::string_view utf8) {
    std::vector<std::string_view> pieces;
    size_t wordStart = 0;
    for (size_t offset = 0; offset < utf8.size();) {
        const size_t start = offset;
        const char32_t c = nextCodePoint(utf8, offset);
        const bool whitespace = isBertWhitespace(c);
        if (!whitespace && !isBertPunctuation(c)) continue;
        if (start > wordStart) pieces.push_back(utf8.substr(wordStart, start - wordStart));
        if (!whitespace) pieces.push_back(utf8.substr(start, offset - start));
        wordStart = offset;
    }
    if (utf8.size() > wordStart) pieces.push_back(utf8.substr(wordStart));
    return pieces;
}

}  // namespace hullft
