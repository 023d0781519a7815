#pragma once

#include <torch/torch.h>

#include <string>

namespace hullft {

// The activation a config.json names (GPT-2's activation_function, the others' hidden_act):
// gelu_new and gelu_pytorch_tanh (tanh GELU), gelu (exact, erf), relu, silu (= swish);
// activation_names.h lists them for the config readers.
torch::Tensor applyActivation(const std::string& name, const torch::Tensor& x);

}  // namespace hullft
