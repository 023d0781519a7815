#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "model/language_model.h"

namespace hullft {

// What the model said about one token of a sequence, given the tokens before it.
struct ScoredToken {
    double logprob = 0.0;                          // ln p(token | prefix)
    std::vector<std::pair<int64_t, double>> top;  // the most likely tokens there, best first, with ln p
};

// For ids[1..] in order (the first token is not predicted), one forward pass: each token's
// log-probability and the `topK` most likely tokens at its position (none for topK 0). The
// numbers are nextTokenLogProbs()'s (float32 log-softmax). InputError when the ids do not fit the
// model's context.
std::vector<ScoredToken> scoreTokens(LanguageModel& model, const std::vector<int64_t>& ids, int topK);

}  // namespace hullft
