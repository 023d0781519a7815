#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace hullft {

// Which keys each query may see, as a bool mask [B or 1, 1, newLength, pastLength + newLength]:
// causal over all positions (cached ones included); with `window` > 0 only the keys less than
// `window` positions back (query - key < window: Mistral's sliding window, GPT-Neo's local
// layers); with a padding mask [B, S] only real tokens. Undefined when plain causal attention
// over the new positions alone suffices (no cache, no padding, no window).
torch::Tensor visibleKeys(const torch::Tensor& attentionMask, int64_t pastLength, int64_t newLength,
                          torch::Device device, int64_t window = 0);

// softmax(q kᵀ · scale + mask) v for q [B, H, T, D], k and v [B, H, S, D] (the same head
// count: callers repeat grouped key/value heads first); `allowed` from visibleKeys(). `scale`
// defaults to 1/sqrt(D). Hidden keys get a large finite negative score, not -inf: a row with no
// visible key (a padding query) would be NaN and leak into real rows through the next layer.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& allowed, double scale = 0.0);

}  // namespace hullft
