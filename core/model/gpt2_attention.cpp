#include "model/gpt2_attention.h"

#include <torch/version.h>

#include <cmath>

namespace hullft {
namespace {

// A large finite negative score for hidden keys: -inf would turn a row with no visible key (a
// padding query) into NaN, and NaN leaks into real rows through the next layer's values.
double hiddenScore(torch::ScalarType type) { return type == torch::kFloat16 ? -65504.0 : -1e30; }

#if TORCH_VERSION_MAJOR >= 2
// Fused kernels on LibTorch 2.x; the same softmax(QK^T / sqrt(d) + mask) V as the 1.x path.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& allowed) {
    if (!allowed.defined()) return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true);
    const torch::Tensor additive = torch::zeros(allowed.sizes(), q.options())
                                       .masked_fill(allowed.logical_not(), hiddenScore(q.scalar_type()));
    return at::scaled_dot_product_attention(q, k, v, additive, 0.0, /*is_causal=*/false);
}
#else
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& allowed) {
    const torch::Tensor visible =
        allowed.defined() ? allowed
                          : torch::ones({q.size(2), k.size(2)}, torch::TensorOptions(torch::kBool).device(q.device())).tril();
    const torch::Tensor scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(q.size(-1)));
    return torch::matmul(torch::softmax(scores.masked_fill(visible.logical_not(), hiddenScore(scores.scalar_type())), -1), v);
}
#endif

}  // namespace

Gpt2AttentionImpl::Gpt2AttentionImpl(int64_t embedSize, int64_t numHeads) : numHeads_(numHeads) {
    c_attn_ = register_module("c_attn", Conv1D(embedSize, 3 * embedSize));
    c_proj_ = register_module("c_proj", Conv1D(embedSize, embedSize));
}

torch::Tensor Gpt2AttentionImpl::splitHeads(const torch::Tensor& x) const {
    return x.view({x.size(0), x.size(1), numHeads_, x.size(2) / numHeads_}).transpose(1, 2);
}

torch::Tensor Gpt2AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& allowed,
                                         torch::Tensor* cachedKeys, torch::Tensor* cachedValues) {
    const std::vector<torch::Tensor> qkv = c_attn_->forward(x).split(x.size(2), 2);
    const torch::Tensor q = splitHeads(qkv[0]);
    torch::Tensor k = splitHeads(qkv[1]);
    torch::Tensor v = splitHeads(qkv[2]);
    if (cachedKeys) {
        if (cachedKeys->defined()) {
            k = torch::cat({*cachedKeys, k}, 2);
            v = torch::cat({*cachedValues, v}, 2);
        }
        *cachedKeys = k;
        *cachedValues = v;
    }
    const torch::Tensor merged = attend(q, k, v, allowed).transpose(1, 2).contiguous().view(x.sizes());
    return c_proj_->forward(merged);
}

}  // namespace hullft
