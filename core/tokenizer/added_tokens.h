#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hullft {

// A token matched literally in the text before any normalization or pre-tokenization
// ("<|endoftext|>", tokenizer.json's added_tokens). `lstrip`/`rstrip` also swallow the ASCII
// whitespace to the token's left/right, as Hugging Face does for e.g. RoBERTa's <mask>.
// `normalized` tokens are matched in the normalized text instead (AddedVocabulary).
struct AddedToken {
    std::string content;
    int64_t id = 0;
    bool lstrip = false;
    bool rstrip = false;
    bool normalized = false;
};

// One stretch of the text: either an added token's id or plain text for the BPE pipeline.
struct TextSegment {
    std::string_view text;  // empty for an added token
    int64_t addedTokenId = -1;
};

// Splits text at added tokens: leftmost match first, the longest one where several start there.
class AddedTokens {
public:
    explicit AddedTokens(std::vector<AddedToken> tokens);
    std::vector<TextSegment> split(std::string_view text) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }

private:
    std::vector<AddedToken> tokens_;                // longest content first
    std::vector<std::vector<size_t>> byFirstByte_;  // indices into tokens_, per first byte
};

}  // namespace hullft
