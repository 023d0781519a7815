#pragma once

#include <torch/torch.h>

#include <vector>

#include "finetune/parameter_subset.h"

namespace hullft {

// Global L2 norm of the trainable parameters' gradients (parameters without a gradient count
// as zero). NaN or infinity when any gradient element is.
double gradientNorm(const ParameterSubset& trainable);
// The same as a 0-dim float64 tensor on the gradients' device, without waiting for it (it can
// be computed inside a CUDA graph).
torch::Tensor gradientNormTensor(const ParameterSubset& trainable);
// sqrt(sum of squared norms) of `tensors` (undefined ones count as zero), 0-dim float64.
torch::Tensor globalNormTensor(const std::vector<torch::Tensor>& tensors);

// Norm of one optimizer step's parameter change, measured exactly: before the step the
// parameters are copied into buffers allocated once per query, after it the difference is
// taken in place. Costs one copy and one subtraction per parameter, no allocation per step.
class UpdateNormMeter {
public:
    explicit UpdateNormMeter(const ParameterSubset& trainable);
    void beforeStep();
    torch::Tensor afterStep();  // 0-dim float64 on the parameters' device

private:
    const ParameterSubset& trainable_;
    std::vector<torch::Tensor> previous_;
};

}  // namespace hullft
