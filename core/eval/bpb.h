#pragma once

#include <cstdint>
#include <vector>

#include "model/language_model.h"

namespace hullft {

// Tokens beyond this are dropped before scoring, as the reference does.
inline constexpr int64_t kBpbMaxLength = 1024;

struct BitsPerByte {
    double bpb = 0.0;
    int64_t tokens = 0;  // tokens scored (after truncation), the first one included
    int64_t bytes = 0;   // UTF-8 bytes of the whole text
    std::vector<double> tokenLosses;  // -ln p(token t | tokens <t) for t = 1..tokens-1, in nats
};

// Bits per byte as core/eval/README.md defines it: keep the first min(maxLength,
// n_positions) ids, sum -log2 p over every token but the first, divide by `byteCount`, the
// UTF-8 byte count of the whole (untruncated) text. Needs at least 2 ids and byteCount > 0.
BitsPerByte bitsPerByte(LanguageModel& model, const std::vector<int64_t>& ids, int64_t byteCount,
                        int64_t maxLength = kBpbMaxLength);

}  // namespace hullft
