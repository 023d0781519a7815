#pragma once

#include <torch/torch.h>

namespace hullft {

// Finetuning's vocabulary projection under bf16 autocast on CUDA: hidden [.., C] times
// `weight` [vocab, C] in bf16, the weight padded with zero rows to a multiple of 8 and the
// padding columns sliced off. The projection and its two gradient products are the largest
// matmuls of a finetuning step, and cuBLAS uses its Hopper tensor-core kernels only for leading
// dimensions of whole 16-byte multiples: GPT-2's 50257 rows otherwise fall back to align-1
// kernels that took 2.0 of an 8.1 ms step on an H200.
torch::Tensor bf16VocabularyProjection(const torch::Tensor& hidden, const torch::Tensor& weight);

}  // namespace hullft
