#pragma once

#include <torch/torch.h>

#include <string>

namespace hullft {

// Registers `tensor` as a parameter of `root` under a dotted Hugging Face name
// ("model.layers.0.self_attn.q_proj.weight"), creating empty child modules along the path, so
// named_parameters() reports checkpoint names and to(device) moves every tensor. Returns the
// registered tensor: forward code keeps it, and to(device) moves it in place.
torch::Tensor registerNestedParameter(torch::nn::Module& root, const std::string& dottedName, torch::Tensor tensor);

}  // namespace hullft
