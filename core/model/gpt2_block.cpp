#include "model/gpt2_block.h"

#include "model/activation.h"

namespace hullft {

Gpt2MlpImpl::Gpt2MlpImpl(const Gpt2Config& config) : activation_(config.activation_function) {
    c_fc_ = register_module("c_fc", Conv1D(config.n_embd, config.innerSize()));
    c_proj_ = register_module("c_proj", Conv1D(config.innerSize(), config.n_embd));
}

torch::Tensor Gpt2MlpImpl::forward(const torch::Tensor& x) {
    return c_proj_->forward(applyActivation(activation_, c_fc_->forward(x)));
}

Gpt2BlockImpl::Gpt2BlockImpl(const Gpt2Config& config) {
    const auto norm = torch::nn::LayerNormOptions({config.n_embd}).eps(config.layer_norm_epsilon);
    ln_1_ = register_module("ln_1", torch::nn::LayerNorm(norm));
    attn_ = register_module("attn", Gpt2Attention(config.n_embd, config.n_head));
    ln_2_ = register_module("ln_2", torch::nn::LayerNorm(norm));
    mlp_ = register_module("mlp", Gpt2Mlp(config));
}

torch::Tensor Gpt2BlockImpl::forward(const torch::Tensor& x, const torch::Tensor& allowed, torch::Tensor* cachedKeys,
                                     torch::Tensor* cachedValues) {
    const torch::Tensor afterAttention = x + attn_->forward(ln_1_->forward(x), allowed, cachedKeys, cachedValues);
    return afterAttention + mlp_->forward(ln_2_->forward(afterAttention));
}

}  // namespace hullft
