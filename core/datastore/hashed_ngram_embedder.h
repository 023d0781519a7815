#pragma once

#include <optional>

#include "datastore/embedder.h"

namespace hullft {

// A model-free embedder: signed feature hashing of token 3-grams and 4-grams (unigrams for
// sequences shorter than 3 tokens) into a fixed number of buckets, term frequencies,
// L2-normalised. With the byte tokenizer these are byte n-grams: texts sharing words and
// spellings land close. Fast enough to embed a whole corpus in seconds; no weights.
class HashedNgramEmbedder : public Embedder {
public:
    explicit HashedNgramEmbedder(int64_t dimension = 512);
    int64_t dimension() const override { return dimension_; }
    std::string identity() const override;  // "hashed-ngram-v1-d512"
    // The dimension a hashed identity names; nullopt for another embedder's identity.
    static std::optional<int64_t> dimensionOfIdentity(const std::string& identity);
    // InputError for an empty sequence (it has no direction).
    torch::Tensor embed(const std::vector<std::vector<int64_t>>& sequences) override;

    // One row into `out` (dimension() floats).
    void embedInto(const std::vector<int64_t>& sequence, float* out) const;

private:
    int64_t dimension_;
};

}  // namespace hullft
