#pragma once

#include "tokenizer/tokenizer.h"

namespace hullft {

// One token per UTF-8 byte (ids 0..255): the default model's tokenizer.
class ByteTokenizer : public Tokenizer {
public:
    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    int64_t vocabSize() const override { return 256; }
    std::optional<int64_t> endOfTextId() const override { return std::nullopt; }
    std::string kind() const override { return "byte"; }
};

}  // namespace hullft
