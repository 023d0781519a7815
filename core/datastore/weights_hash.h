#pragma once

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "common/sha256.h"

namespace hullft {

// Feeds `hash` every parameter's name, shape (int64 bytes) and float32 values, in order: what
// embedder identities name the weights by.
void hashParameters(Sha256& hash, const std::vector<std::pair<std::string, torch::Tensor>>& parameters);

}  // namespace hullft
