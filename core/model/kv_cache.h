#pragma once

#include <torch/torch.h>

#include <vector>

namespace hullft {

// Keys and values of every layer for the positions decoded so far, so each new token costs one
// position's work (incremental decoding). Starts empty; the model fills it.
struct KvCache {
    std::vector<torch::Tensor> keys;    // per layer [B, heads, positions, head size]
    std::vector<torch::Tensor> values;  // same

    int64_t length() const { return keys.empty() ? 0 : keys.front().size(2); }
};

}  // namespace hullft
