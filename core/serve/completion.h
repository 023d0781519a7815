#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/cancellation.h"
#include "model/language_model.h"
#include "tokenizer/tokenizer.h"

namespace hullft::serve {

// How to continue one prompt, in OpenAI's completion terms.
struct CompletionOptions {
    int max_tokens = 16;            // 0: no continuation (with echo: score the prompt only)
    double temperature = 1.0;       // 0: greedy
    double top_p = 1.0;
    uint64_t seed = 0;
    std::vector<std::string> stop;  // the text ends before the first of these; not included
    bool echo = false;              // the prompt comes first in the text and in the log-probabilities
    std::optional<int> logprobs;    // alternatives per token; nullopt: no log-probabilities at all
};

// OpenAI's `logprobs` object: one entry per token of the choice's text. The prompt's first token
// has no log-probability (null) and no alternatives.
struct CompletionLogprobs {
    std::vector<std::string> tokens;                    // each token's text (invalid UTF-8 repaired)
    std::vector<std::optional<double>> token_logprobs;
    std::vector<std::optional<std::vector<std::pair<std::string, double>>>> top_logprobs;  // best first
    std::vector<int64_t> text_offset;                   // byte offset of each token in the choice's text
};

struct Completion {
    std::string text;
    std::string finish_reason;  // "length", or "stop" (a stop sequence or end-of-text)
    std::optional<CompletionLogprobs> logprobs;
    int64_t prompt_tokens = 0;
    int64_t completion_tokens = 0;  // generated, including any the stop sequence cut away
};

// Continues `promptIds` with the model's current weights and scores the tokens it returns (one
// forward pass over prompt and continuation). The caller has checked that prompt plus
// max_tokens fit the context. CancelledError when `cancel` fires during the continuation.
Completion complete(LanguageModel& model, const Tokenizer& tokenizer, const std::vector<int64_t>& promptIds,
                    const CompletionOptions& options, const CancellationToken& cancel);

}  // namespace hullft::serve
