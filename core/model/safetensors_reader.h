#pragma once

#include <torch/torch.h>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace hullft {

using NamedTensors = std::map<std::string, torch::Tensor>;

// Reads every tensor of one .safetensors file onto the CPU. The header is validated completely
// before any tensor data is read. Floating tensors are converted to `floatType` (float32 by
// default; std::nullopt keeps the stored type); integer tensors keep theirs.
// InputError names the file and the tensor.
NamedTensors readSafetensors(const std::string& path,
                             std::optional<torch::ScalarType> floatType = torch::kFloat32);

// model.safetensors.index.json's weight_map as shard file -> the tensor names it holds. Shard
// names must be plain file names (they live beside the index). InputError names the index.
std::map<std::string, std::set<std::string>> readShardIndex(const std::string& indexPath);

// Reads a sharded checkpoint from its model.safetensors.index.json: every shard it names, each
// tensor exactly where the index says it is.
NamedTensors readSafetensorsShards(const std::string& indexPath,
                                   std::optional<torch::ScalarType> floatType = torch::kFloat32);

// Reads the weights of a Hugging Face model folder: model.safetensors, or the shards listed by
// model.safetensors.index.json.
NamedTensors readModelTensors(const std::string& directory,
                              std::optional<torch::ScalarType> floatType = torch::kFloat32);

}  // namespace hullft
