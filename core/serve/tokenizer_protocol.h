#pragma once

#include <cstdint>
#include <string>

#include "tokenizer/tokenizer.h"

namespace hullft::serve {

// The tokenizer endpoints clients use to tokenize exactly as the served model does (vLLM's
// protocol, which lm-evaluation-harness's local-completions detects and then uses instead of
// loading a tokenizer of its own): GET /tokenizer_info, POST /tokenize {"prompt", "add_special_tokens"}
// -> {"tokens", "count", "max_model_len"}, POST /detokenize {"tokens"} -> {"prompt"}. The
// end-of-text and beginning-of-text tokens' texts tokenize to their ids, so a client can find the
// ids from the texts.
// Thread-safe: tokenizers are immutable.
class TokenizerProtocol {
public:
    TokenizerProtocol(const Tokenizer& tokenizer, int64_t contextLength);
    std::string info() const;
    // ApiError(400) naming the field for a body that is not the documented object.
    std::string tokenize(const std::string& body) const;
    std::string detokenize(const std::string& body) const;

private:
    const Tokenizer& tokenizer_;
    const int64_t context_length_;
    std::string end_of_text_;        // the end-of-text token's text ("" when the tokenizer has none)
    std::string beginning_of_text_;  // the text of the ids encodeWithSpecialTokens() puts first ("" for none)
};

}  // namespace hullft::serve
