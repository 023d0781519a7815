#pragma once

#include <torch/torch.h>

#include <string>

#include "model/conv1d.h"
#include "model/gpt2_attention.h"
#include "model/gpt2_config.h"

namespace hullft {

// GPT-2's feed-forward part: c_proj(activation(c_fc(x))).
class Gpt2MlpImpl : public torch::nn::Module {
public:
    explicit Gpt2MlpImpl(const Gpt2Config& config);
    torch::Tensor forward(const torch::Tensor& x);

private:
    std::string activation_;
    Conv1D c_fc_{nullptr};
    Conv1D c_proj_{nullptr};
};
TORCH_MODULE(Gpt2Mlp);

// One pre-LayerNorm transformer block: x + attn(ln_1(x)), then + mlp(ln_2(.)).
class Gpt2BlockImpl : public torch::nn::Module {
public:
    explicit Gpt2BlockImpl(const Gpt2Config& config);
    // Arguments as Gpt2AttentionImpl::forward.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& allowed, torch::Tensor* cachedKeys,
                          torch::Tensor* cachedValues);

private:
    torch::nn::LayerNorm ln_1_{nullptr};
    Gpt2Attention attn_{nullptr};
    torch::nn::LayerNorm ln_2_{nullptr};
    Gpt2Mlp mlp_{nullptr};
};
TORCH_MODULE(Gpt2Block);

}  // namespace hullft
