#include "finetune/step_norms.h"

#include <cmath>

namespace hullft {
namespace {

// sqrt(sum of squared per-tensor norms), summed in float64 on the tensors' device; one host
// synchronisation for the whole list.
double globalNorm(const std::vector<torch::Tensor>& tensors) {
    std::vector<torch::Tensor> norms;
    norms.reserve(tensors.size());
    for (const torch::Tensor& tensor : tensors) {
        if (tensor.defined()) norms.push_back(tensor.norm().to(torch::kFloat64));
    }
    if (norms.empty()) return 0.0;
    return std::sqrt(torch::stack(norms).square().sum().item<double>());
}

}  // namespace

double gradientNorm(const ParameterSubset& trainable) {
    std::vector<torch::Tensor> gradients;
    gradients.reserve(trainable.tensors.size());
    for (const torch::Tensor& parameter : trainable.tensors) gradients.push_back(parameter.grad());
    return globalNorm(gradients);
}

UpdateNormMeter::UpdateNormMeter(const ParameterSubset& trainable) : trainable_(trainable) {
    previous_.reserve(trainable.tensors.size());
    for (const torch::Tensor& parameter : trainable.tensors)
        previous_.push_back(torch::empty_like(parameter));
}

void UpdateNormMeter::beforeStep() {
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < previous_.size(); ++i) previous_[i].copy_(trainable_.tensors[i]);
}

double UpdateNormMeter::afterStep() {
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < previous_.size(); ++i) previous_[i].sub_(trainable_.tensors[i]);
    return globalNorm(previous_);
}

}  // namespace hullft
