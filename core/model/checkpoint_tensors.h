#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "model/safetensors_reader.h"

namespace hullft {

// The parameters a model expects: Hugging Face name and shape.
using ExpectedShapes = std::vector<std::pair<std::string, std::vector<int64_t>>>;

// Checks checkpoint `tensors` against what a model of `architecture` expects before anything is
// built: every expected tensor present with its shape and floating point, nothing left over.
// InputError names `source` (the weights file) and the tensor.
void checkCheckpointShapes(const ExpectedShapes& expected, const NamedTensors& tensors, const std::string& source,
                           const std::string& architecture);

// Copies checked `tensors` into the model's `parameters` (same names), refusing a tensor that
// holds NaN or infinite values (InputError naming `source` and the tensor).
void copyCheckpointTensors(const std::vector<std::pair<std::string, torch::Tensor>>& parameters,
                           const NamedTensors& tensors, const std::string& source);

// The weights file a model folder's errors name: model.safetensors, or the shard index.
std::string weightsSourceOf(const std::string& directory);

}  // namespace hullft
