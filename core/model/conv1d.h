#pragma once

#include <torch/torch.h>

#include "model/lora_adapters.h"

namespace hullft {

// GPT-2's "Conv1D": a linear layer whose weight is stored [in, out] (the transpose of
// torch::nn::Linear), kept that way so Hugging Face checkpoints load without reshaping.
class Conv1DImpl : public torch::nn::Module {
public:
    Conv1DImpl(int64_t inFeatures, int64_t outFeatures);
    torch::Tensor forward(const torch::Tensor& x);

    torch::Tensor weight;  // [in, out]
    torch::Tensor bias;    // [out]
    const LoraAdapters* lora = nullptr;  // adds its update when it adapts this layer
};
TORCH_MODULE(Conv1D);

}  // namespace hullft
