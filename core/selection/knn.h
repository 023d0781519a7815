#pragma once

#include <cstdint>
#include <vector>

#include "selection/embedding_matrix.h"

namespace hullft {

struct KnnResult {
    std::vector<int64_t> indices;  // pool rows, best first
    std::vector<double> scores;    // inner products with the query, float32 arithmetic
};

// kNN baseline (core/selection/README.md, "kNN"): the N rows with the largest inner product with the query,
// scored in float32 summed left to right like the reference; equal scores keep ascending row order.
// With fewer than N rows, every row once, best first.
KnnResult knnSelect(const EmbeddingMatrix& pool, const std::vector<double>& query, int n);

}  // namespace hullft
