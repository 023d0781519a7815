#pragma once

#include "tokenizer/tokenizer.h"

namespace hullft {

// One token per byte: ids 0..255 are the bytes, 256 is end-of-text (vocabulary 257), the
// tokenizer of the project's own models (BPB is native). encode() maps bytes as they are, so a
// literal "<|endoftext|>" in the text stays 13 bytes; decode() writes nothing for id 256.
//
// A model folder marks itself byte-level with a tokenizer_config.json (the Hugging Face file
// for tokenizer settings) holding {"tokenizer_class": "ByteLevelTokenizer", "eos_token_id": 256};
// byteLevelTokenizerConfigJson() gives exactly that text for writers of such folders.
class ByteLevelTokenizer : public Tokenizer {
public:
    static constexpr int64_t kEndOfTextId = 256;
    static constexpr const char* kTokenizerClass = "ByteLevelTokenizer";

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    int64_t vocabSize() const override { return kEndOfTextId + 1; }
    std::optional<int64_t> endOfTextId() const override { return kEndOfTextId; }
    std::string kind() const override { return "byte"; }
};

// The tokenizer_config.json that marks a folder as byte-level (see above).
std::string byteLevelTokenizerConfigJson();

}  // namespace hullft
