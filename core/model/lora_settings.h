#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hullft {

// LoRA as PEFT defines it: a frozen linear layer W gains a low-rank update, y = x Wᵀ (+ b) +
// (x Aᵀ Bᵀ) · alpha / rank, with A [rank, in] and B [out, rank]; dropout 0.
struct LoraSettings {
    int64_t rank = 16;
    double alpha = 32.0;
    // Layers by the last part of their module name, as PEFT's target_modules matches them
    // (q_proj, v_proj, query_key_value, c_attn, ...).
    std::vector<std::string> targets = {"q_proj", "v_proj"};
};

}  // namespace hullft
