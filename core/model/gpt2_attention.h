#pragma once

#include <torch/torch.h>

#include "model/conv1d.h"

namespace hullft {

// GPT-2 multi-head causal self-attention (c_attn -> heads -> softmax(QK^T / sqrt(d)) V -> c_proj).
class Gpt2AttentionImpl : public torch::nn::Module {
public:
    Gpt2AttentionImpl(int64_t embedSize, int64_t numHeads);

    // `allowed` is a bool mask [B or 1, 1, T, S] of the keys each query may see; undefined means
    // plain causal attention over x alone (only valid with nothing cached). With `cachedKeys` /
    // `cachedValues` (undefined tensors at first), this call's keys and values are appended.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& allowed, torch::Tensor* cachedKeys,
                          torch::Tensor* cachedValues);

private:
    torch::Tensor splitHeads(const torch::Tensor& x) const;  // [B, T, C] -> [B, H, T, D]

    int64_t numHeads_;
    Conv1D c_attn_{nullptr};
    Conv1D c_proj_{nullptr};
};
TORCH_MODULE(Gpt2Attention);

}  // namespace hullft
