#pragma once

#include <torch/torch.h>

#include <string>

namespace hullft {

// The arithmetic of the transformer blocks. Bfloat16 runs them under CUDA bf16 autocast
// (tensor cores) with float32 weights. Evaluation's vocabulary projection stays float32 (the BPB
// contract); finetuning's runs in bf16 too (Gpt2Model::trainingLogits); losses are float32.
enum class ComputePrecision { Float32, Bfloat16 };

// The precision a `--precision auto|fp32|bf16` choice names on `device`: auto is bf16 on CUDA
// and float32 on the CPU (where autocast does nothing). InputError for another word, or for bf16
// on the CPU.
ComputePrecision selectPrecision(const std::string& choice, const torch::Device& device);

const char* precisionName(ComputePrecision precision);

}  // namespace hullft
