#pragma once

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hullft {

// Writes tensors (any device; F64/F32/F16/BF16/I64/I32) as one .safetensors file, in the given
// order, with `metadata` as "__metadata__" (transformers expects {"format": "pt"}). The file is
// streamed to a temporary file and renamed, so it appears whole or not at all.
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {{"format", "pt"}});

}  // namespace hullft
