#include "model/gpt2_attention.h"

#include "model/attention.h"

namespace hullft {

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
