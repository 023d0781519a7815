#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "finetune/parameter_subset.h"

namespace hullft {

// Bytes of the gradients `trainable`'s tensors hold now (their .grad, where defined): the
// buffers a computed step's backward writes.
int64_t gradientBytes(const ParameterSubset& trainable);

// The gradient a computed step leaves for the reused steps of the same sequence (HullFT step
// 4). The cache is the trainable parameters' own .grad tensors, left untouched: Adam reads
// .grad without writing it, so "set the gradients to the cached copy" needs neither a second
// buffer nor a copy. Each held gradient's identity and version counter are recorded, so any
// in-place change between hold() and reuse() is caught instead of silently training on it.
class GradientCache {
public:
    explicit GradientCache(const ParameterSubset& trainable);

    // After a computed step whose gradient the next step reuses.
    void hold(double gradient_norm);
    // Before a reused step: checks the held gradients are intact and returns their norm.
    // std::logic_error if nothing is held or a gradient was modified or replaced.
    double reuse() const;
    // The sequence's run ended; the gradients may be cleared.
    void release();

    bool holding() const { return holding_; }
    // Bytes of gradient kept alive for reuse (they are the .grad tensors, not a copy).
    int64_t bytes() const { return holding_ ? bytes_ : 0; }

private:
    const ParameterSubset& trainable_;
    std::vector<torch::Tensor> held_;
    std::vector<int64_t> versions_;
    double gradient_norm_ = 0.0;
    int64_t bytes_ = 0;
    bool holding_ = false;
};

}  // namespace hullft
