#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hullft {

// Maps token sequences to vectors. The query and every stored sequence must be embedded by the
// same embedder: `identity()` is recorded in a store's manifest and compared when the store is
// opened for querying.
class Embedder {
public:
    virtual ~Embedder() = default;
    virtual int64_t dimension() const = 0;
    // Stable description: model weights hash, layer, pooling. Equal identity = same vectors.
    virtual std::string identity() const = 0;
    // [sequences.size(), dimension()] float32; each row L2-normalised when normalizes().
    virtual torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) = 0;
    // Whether embed() returns unit-norm rows (then inner products are cosines). The project's own
    // embedders do; a Hugging Face encoder may not (TTT-NN's mean-pooled RoBERTa is not).
    virtual bool normalizes() const { return true; }
    // A name for people (a store's manifest, reports): the model folder or hub name.
    virtual std::string description() const { return identity(); }
};

}  // namespace hullft
