#include "finetune/adam_optimizer.h"

#include <torch/version.h>

namespace hullft {
namespace {

constexpr bool kFusedAdamBuilt = TORCH_VERSION_MAJOR >= 2;

bool onCuda(const std::vector<torch::Tensor>& parameters) {
    return !parameters.empty() && parameters.front().is_cuda();
}

}  // namespace

AdamOptimizer::AdamOptimizer(const std::vector<torch::Tensor>& parameters, const FinetuneSettings& settings)
    : parameters_(parameters), settings_(settings) {
    if (!(kFusedAdamBuilt && onCuda(parameters))) {
        reference_ = std::make_unique<torch::optim::Adam>(
            parameters, torch::optim::AdamOptions(settings.learning_rate)
                            .betas(std::make_tuple(settings.beta1, settings.beta2))
                            .eps(settings.eps)
                            .weight_decay(settings.weight_decay));
        return;
    }
    torch::NoGradGuard noGrad;
    for (const torch::Tensor& parameter : parameters) {
        exp_avgs_.push_back(torch::zeros_like(parameter, torch::MemoryFormat::Preserve));
        exp_avg_sqs_.push_back(torch::zeros_like(parameter, torch::MemoryFormat::Preserve));
        // The step count lives on the device, as the fused kernel reads it there.
        steps_.push_back(torch::zeros({}, parameter.options().dtype(torch::kFloat32)));
    }
}

void AdamOptimizer::step() {
    if (reference_) {
        reference_->step();
        return;
    }
#if TORCH_VERSION_MAJOR >= 2
    torch::NoGradGuard noGrad;
    gradients_.clear();
    for (const torch::Tensor& parameter : parameters_) gradients_.push_back(parameter.grad());
    at::_foreach_add_(steps_, 1);
    at::_fused_adam_(parameters_, gradients_, exp_avgs_, exp_avg_sqs_, /*max_exp_avg_sqs=*/{}, steps_,
                     settings_.learning_rate, settings_.beta1, settings_.beta2, settings_.weight_decay,
                     settings_.eps, /*amsgrad=*/false, /*maximize=*/false);
#endif
}

}  // namespace hullft
