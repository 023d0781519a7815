#include "finetune/gradient_cache.h"

#include <stdexcept>

namespace hullft {

int64_t gradientBytes(const ParameterSubset& trainable) {
    int64_t bytes = 0;
    for (const torch::Tensor& parameter : trainable.tensors) {
        const torch::Tensor& grad = parameter.grad();
        if (grad.defined()) bytes += grad.numel() * static_cast<int64_t>(grad.element_size());
    }
    return bytes;
}

GradientCache::GradientCache(const ParameterSubset& trainable) : trainable_(trainable) {}

void GradientCache::hold(double gradient_norm) {
    held_.clear();
    versions_.clear();
    for (const torch::Tensor& parameter : trainable_.tensors) {
        const torch::Tensor& grad = parameter.grad();
        held_.push_back(grad);
        versions_.push_back(grad.defined() ? grad._version() : 0);
    }
    bytes_ = gradientBytes(trainable_);
    gradient_norm_ = gradient_norm;
    holding_ = true;
}

double GradientCache::reuse() const {
    if (!holding_) throw std::logic_error("gradient cache: a reused step found no cached gradient");
    for (size_t i = 0; i < held_.size(); ++i) {
        const torch::Tensor& grad = trainable_.tensors[i].grad();
        const bool same = grad.defined() == held_[i].defined() &&
                          (!grad.defined() || (grad.is_same(held_[i]) && grad._version() == versions_[i]));
        if (!same) {
            throw std::logic_error("gradient cache: the gradient of " + trainable_.names[i] +
                                   " changed between its computed step and a reused step");
        }
    }
    return gradient_norm_;
}

void GradientCache::release() {
    held_.clear();
    versions_.clear();
    holding_ = false;
}

}  // namespace hullft
