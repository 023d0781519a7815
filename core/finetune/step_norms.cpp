#include "finetune/step_norms.h"

#include <torch/version.h>


// LibTorch 2.2 has multi-tensor (one kernel launch per list on CUDA) copy, subtract and norm;
// 1.13 gets the same arithmetic one tensor at a time.
#define HULLFT_HAS_FOREACH (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 2))

namespace hullft {
namespace {

std::vector<torch::Tensor> normsOf(const std::vector<torch::Tensor>& tensors) {
#if HULLFT_HAS_FOREACH
    return at::_foreach_norm(tensors);
#else
    std::vector<torch::Tensor> norms;
    norms.reserve(tensors.size());
    for (const torch::Tensor& tensor : tensors) norms.push_back(tensor.norm());
    return norms;
#endif
}

void copyEach(std::vector<torch::Tensor>& destinations, const std::vector<torch::Tensor>& sources) {
#if HULLFT_HAS_FOREACH
    at::_foreach_copy_(destinations, sources);
#else
    for (size_t i = 0; i < destinations.size(); ++i) destinations[i].copy_(sources[i]);
#endif
}

void subtractEach(std::vector<torch::Tensor>& minuends, const std::vector<torch::Tensor>& subtrahends) {
#if HULLFT_HAS_FOREACH
    at::_foreach_sub_(minuends, subtrahends);
#else
    for (size_t i = 0; i < minuends.size(); ++i) minuends[i].sub_(subtrahends[i]);
#endif
}

// One host synchronisation for the whole list.
double globalNorm(const std::vector<torch::Tensor>& tensors) { return globalNormTensor(tensors).item<double>(); }

std::vector<torch::Tensor> gradientsOf(const ParameterSubset& trainable) {
    std::vector<torch::Tensor> gradients;
    gradients.reserve(trainable.tensors.size());
    for (const torch::Tensor& parameter : trainable.tensors) gradients.push_back(parameter.grad());
    return gradients;
}

}  // namespace

// Per-tensor norms, then their squares summed in float64 on the tensors' device.
torch::Tensor globalNormTensor(const std::vector<torch::Tensor>& tensors) {
    std::vector<torch::Tensor> defined;
    defined.reserve(tensors.size());
    for (const torch::Tensor& tensor : tensors)
        if (tensor.defined()) defined.push_back(tensor);
    if (defined.empty()) return torch::zeros({}, torch::kFloat64);
    return torch::stack(normsOf(defined)).to(torch::kFloat64).square().sum().sqrt();
}

double gradientNorm(const ParameterSubset& trainable) { return globalNorm(gradientsOf(trainable)); }

torch::Tensor gradientNormTensor(const ParameterSubset& trainable) { return globalNormTensor(gradientsOf(trainable)); }

UpdateNormMeter::UpdateNormMeter(const ParameterSubset& trainable) : trainable_(trainable) {
    previous_.reserve(trainable.tensors.size());
    for (const torch::Tensor& parameter : trainable.tensors)
        previous_.push_back(torch::empty_like(parameter));
}

void UpdateNormMeter::beforeStep() {
    torch::NoGradGuard noGrad;
    copyEach(previous_, trainable_.tensors);
}

torch::Tensor UpdateNormMeter::afterStep() {
    torch::NoGradGuard noGrad;
    subtractEach(previous_, trainable_.tensors);
    return globalNormTensor(previous_);
}

}  // namespace hullft
