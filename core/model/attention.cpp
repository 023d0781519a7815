#include "model/attention.h"

#include <torch/version.h>

#include <cmath>

namespace hullft {
namespace {

double hiddenScore(torch::ScalarType type) { return type == torch::kFloat16 ? -65504.0 : -1e30; }

[[maybe_unused]] torch::Tensor additiveMask(const torch::Tensor& allowed, const torch::TensorOptions& options) {
    return torch::zeros(allowed.sizes(), options)
        .masked_fill(allowed.logical_not(), hiddenScore(options.dtype().toScalarType()));
}

}  // namespace

torch::Tensor visibleKeys(const torch::Tensor& attentionMask, int64_t pastLength, int64_t newLength,
                          torch::Device device, int64_t window) {
    if (!attentionMask.defined() && pastLength == 0 && window <= 0) return {};
    const int64_t total = pastLength + newLength;
    const auto options = torch::TensorOptions(torch::kLong).device(device);
    const torch::Tensor queryPosition = torch::arange(pastLength, total, options).unsqueeze(1);
    const torch::Tensor keyPosition = torch::arange(total, options).unsqueeze(0);
    torch::Tensor allowed = keyPosition.le(queryPosition);
    if (window > 0) allowed = allowed.logical_and((queryPosition - keyPosition).lt(window));
    allowed = allowed.view({1, 1, newLength, total});
    if (attentionMask.defined()) allowed = allowed.logical_and(attentionMask.to(device).ne(0).view({-1, 1, 1, total}));
    return allowed;
}

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
// Fused kernels on LibTorch 2.1+; the same arithmetic as the explicit path below.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& allowed, double scale) {
    const c10::optional<double> explicitScale = scale > 0 ? c10::optional<double>(scale) : c10::nullopt;
    if (!allowed.defined())
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true, explicitScale);
    return at::scaled_dot_product_attention(q, k, v, additiveMask(allowed, q.options()), 0.0, /*is_causal=*/false,
                                            explicitScale);
}
#else
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     const torch::Tensor& allowed, double scale) {
    const torch::Tensor visible =
        allowed.defined()
            ? allowed
            : torch::ones({q.size(2), k.size(2)}, torch::TensorOptions(torch::kBool).device(q.device())).tril();
    const torch::Tensor products = torch::matmul(q, k.transpose(-1, -2));
    const torch::Tensor scores =
        scale > 0 ? products * scale : products / std::sqrt(static_cast<double>(q.size(-1)));
    return torch::matmul(torch::softmax(scores.masked_fill(visible.logical_not(), hiddenScore(scores.scalar_type())), -1), v);
}
#endif

}  // namespace hullft
