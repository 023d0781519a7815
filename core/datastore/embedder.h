#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hullft {

// Maps token sequences to unit-norm vectors. The query and every stored sequence must be
// embedded by the same embedder: `identity()` is recorded in a store's manifest and compared
// when the store is opened for querying.
class Embedder {
public:
    virtual ~Embedder() = default;
    virtual int64_t dimension() const = 0;
    // Stable description: model weights hash, layer, pooling. Equal identity = same vectors.
    virtual std::string identity() const = 0;
    // [sequences.size(), dimension()] float32, each row L2-normalised.
    virtual torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) = 0;
};

}  // namespace hullft
