#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/cancellation.h"
#include "model/language_model.h"

namespace hullft {

struct GenerationOptions {
    int64_t maxNewTokens = 64;
    std::optional<int64_t> endOfTextId;  // generation stops when it is produced (not returned)
    bool sample = false;                 // false: greedy (first highest logit on ties)
    int64_t topK = 0;                    // sampling: keep the k most likely tokens (0 = all)
    double topP = 1.0;                   // sampling: smallest set with this much probability
    double temperature = 1.0;
    uint64_t seed = 0;                   // sampling: same seed, same model, same prompt -> same text
};

// Continues `prompt` (non-empty, shorter than n_positions) with the KV cache, one token at a
// time, until end-of-text, maxNewTokens or prompt + output fill n_positions. Returns the new ids.
// Sampling uses its own seeded generator, so results do not depend on torch's global RNG.
std::vector<int64_t> generate(LanguageModel& model, const std::vector<int64_t>& prompt, const GenerationOptions& options,
                              const CancellationToken* cancel = nullptr);

}  // namespace hullft
