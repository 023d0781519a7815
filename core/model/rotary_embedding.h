#pragma once

#include <torch/torch.h>

#include <utility>

#include "model/decoder_config.h"

namespace hullft {

// Rotary position embedding as transformers' rotary classes compute it: float32 inverse
// frequencies, cos/sin of position x frequency duplicated over both halves, rotate-half.

// The inverse frequencies [rotaryDim / 2] (float32, CPU) of `settings`. The model keeps them as
// a buffer, so to(device) moves them and no step copies from the host (CUDA graph capture
// forbids it).
torch::Tensor rotaryInverseFrequencies(const RopeSettings& settings);

// cos and sin [T, rotaryDim] (float32) for `positions` [T] (int64), on the frequencies' device.
std::pair<torch::Tensor, torch::Tensor> rotaryCosSin(const torch::Tensor& positions,
                                                     const torch::Tensor& inverseFrequencies);

// x [B, H, T, D] with its first cos.size(-1) dimensions rotated: x cos + rotate_half(x) sin.
torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

}  // namespace hullft
