#pragma once

#include <string_view>
#include <vector>

namespace hullft {

// BERT's pre-tokenizer (tokenizer.json's BertPreTokenizer): split at whitespace, which is
// dropped, and cut every punctuation character (isBertPunctuation) out as a piece of its own.
std::vector<std::string_view> bertPreTokenize(std::string_view utf8);

}  // namespace hullft
