#pragma once

#include <cstdint>
#include <vector>

#include "eval/bpb_rule.h"
#include "model/language_model.h"

namespace hullft {

// The longest window scored in one forward pass, as the reference truncates.
inline constexpr int64_t kBpbMaxLength = 1024;

struct BitsPerByte {
    double bpb = 0.0;
    BpbRule rule = BpbRule::Full;
    int64_t tokens = 0;  // tokens scored, the first one included (the reference rule: the first window's)
    int64_t bytes = 0;   // UTF-8 bytes of the whole text
    std::vector<double> tokenLosses;  // -ln p(token t | tokens <t) for t = 1..tokens-1, in nats
};

// The window bits per byte scores at once, min(kBpbMaxLength, the model's context), and the
// stride between the full rule's windows: half a window, so every token after the first
// window's is predicted from at least half a window of context.
int64_t bpbWindow(const LanguageModel& model);
int64_t bpbStride(int64_t window);

// Bits per byte as core/eval/README.md defines it: -log2 p summed over every token but the first
// (the full rule: all of them, window after window; the reference rule: those of the first
// window only), over `byteCount`, the UTF-8 byte count of the whole text. Needs at least 2 ids
// and byteCount > 0.
BitsPerByte bitsPerByte(LanguageModel& model, const std::vector<int64_t>& ids, int64_t byteCount, BpbRule rule);

}  // namespace hullft
