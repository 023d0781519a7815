#pragma once

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "finetune/finetune_settings.h"

namespace hullft {

// Adam as torch::optim::Adam defines it (L2 weight decay added to the gradient, bias-corrected
// moments), one instance per query. On CUDA with LibTorch 2.x every parameter is updated by one
// fused multi-tensor kernel instead of about ten kernels per parameter tensor: that is what makes
// a reused-gradient step cheap on the GPU. Elsewhere it is torch::optim::Adam itself.
class AdamOptimizer {
public:
    AdamOptimizer(const std::vector<torch::Tensor>& parameters, const FinetuneSettings& settings);
    void step();

private:
    std::vector<torch::Tensor> parameters_;
    const FinetuneSettings& settings_;
    std::unique_ptr<torch::optim::Adam> reference_;  // CPU, or LibTorch 1.x
    std::vector<torch::Tensor> exp_avgs_, exp_avg_sqs_, steps_, gradients_;  // fused path state
};

}  // namespace hullft
