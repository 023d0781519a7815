#pragma once

#include <torch/torch.h>

#include <string>

namespace hullft {

// The device a `--device auto|cpu|cuda` choice names: auto is CUDA when LibTorch sees a GPU,
// else the CPU. InputError for another word or for cuda without a usable GPU.
torch::Device selectDevice(const std::string& choice);

}  // namespace hullft
