#include "train/adamw_optimizer.h"

#include <cmath>

#include "common/errors.h"

namespace hullft {

AdamWOptimizer::AdamWOptimizer(std::vector<Parameter> parameters, Options options)
    : parameters_(std::move(parameters)), options_(options) {
    torch::NoGradGuard noGrad;
    for (const Parameter& parameter : parameters_) {
        exp_avgs_.push_back(torch::zeros_like(parameter.tensor, torch::MemoryFormat::Preserve));
        exp_avg_sqs_.push_back(torch::zeros_like(parameter.tensor, torch::MemoryFormat::Preserve));
    }
}

void AdamWOptimizer::zeroGrad() {
    for (Parameter& parameter : parameters_) parameter.tensor.mutable_grad().reset();
}

void AdamWOptimizer::step(double learningRate) {
    torch::NoGradGuard noGrad;
    ++steps_;
    const double step = static_cast<double>(steps_);
    const double biasCorrection1 = 1.0 - std::pow(options_.beta1, step);
    const double biasCorrection2Sqrt = std::sqrt(1.0 - std::pow(options_.beta2, step));
    for (size_t i = 0; i < parameters_.size(); ++i) {
        torch::Tensor& tensor = parameters_[i].tensor;
        const torch::Tensor& gradient = tensor.grad();
        if (!gradient.defined()) continue;
        // Decoupled weight decay first, then the Adam update (torch.optim.AdamW's order).
        tensor.mul_(1.0 - learningRate * parameters_[i].weight_decay);
        exp_avgs_[i].mul_(options_.beta1).add_(gradient, 1.0 - options_.beta1);
        exp_avg_sqs_[i].mul_(options_.beta2).addcmul_(gradient, gradient, 1.0 - options_.beta2);
        const torch::Tensor denominator = (exp_avg_sqs_[i].sqrt() / biasCorrection2Sqrt).add_(options_.eps);
        tensor.addcdiv_(exp_avgs_[i], denominator, -learningRate / biasCorrection1);
    }
}

std::vector<std::pair<std::string, torch::Tensor>> AdamWOptimizer::state() const {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (size_t i = 0; i < parameters_.size(); ++i) {
        tensors.emplace_back("exp_avg." + parameters_[i].name, exp_avgs_[i]);
        tensors.emplace_back("exp_avg_sq." + parameters_[i].name, exp_avg_sqs_[i]);
    }
    return tensors;
}

void AdamWOptimizer::loadState(const std::map<std::string, torch::Tensor>& state, int64_t steps,
                               const std::string& source) {
    torch::NoGradGuard noGrad;
    const auto restore = [&](const std::string& name, torch::Tensor& destination) {
        const auto found = state.find(name);
        if (found == state.end()) throw InputError(source, "optimizer state lacks tensor " + name);
        if (found->second.sizes() != destination.sizes())
            throw InputError(source, "optimizer tensor " + name + " has the wrong shape for the model");
        destination.copy_(found->second);
    };
    for (size_t i = 0; i < parameters_.size(); ++i) {
        restore("exp_avg." + parameters_[i].name, exp_avgs_[i]);
        restore("exp_avg_sq." + parameters_[i].name, exp_avg_sqs_[i]);
    }
    if (steps < 0) throw InputError(source, "optimizer step count is negative");
    steps_ = steps;
}

}  // namespace hullft
