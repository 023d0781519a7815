#include "model/conv1d.h"

namespace hullft {

Conv1DImpl::Conv1DImpl(int64_t inFeatures, int64_t outFeatures) {
    weight = register_parameter("weight", torch::empty({inFeatures, outFeatures}));
    bias = register_parameter("bias", torch::zeros({outFeatures}));
}

torch::Tensor Conv1DImpl::forward(const torch::Tensor& x) {
    // Same arithmetic as transformers' Conv1D: addmm on the flattened rows.
    std::vector<int64_t> outShape = x.sizes().vec();
    outShape.back() = weight.size(1);
    const torch::Tensor y = torch::addmm(bias, x.reshape({-1, x.size(-1)}), weight).view(outShape);
    if (!lora) return y;
    const torch::Tensor update = lora->delta(x, weight);
    return update.defined() ? y + update : y;
}

}  // namespace hullft
