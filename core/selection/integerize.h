#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "selection/embedding_matrix.h"

namespace hullft {

struct Integerization {
    std::vector<int> counts;         // one per support point; the reference's quirk allows -1
    std::vector<int64_t> multiset;   // exactly N pool rows, support points repeated in support order
};

// HullFT step 3 (core/selection/README.md, "Geometric integerization"): integer counts summing to N that
// keep ||q - sum_i c_i Y_i / N||^2 small, Y = the support rows of `pool`. Incremental: each
// trial costs O(1) from the residual's inner products and the support's Gram matrix, and
// near-ties are settled with `reconstructionLoss`, so the decisions are the from-scratch ones.
Integerization integerize(const EmbeddingMatrix& pool, const std::vector<double>& query,
                          const std::vector<int64_t>& support, const std::vector<double>& weights, int n,
                          int swapPasses);

// L(c) = ||q - sum_i c_i Y_i / N||^2 computed from scratch: the reference's per-trial loss.
double reconstructionLoss(const EmbeddingMatrix& pool, const std::vector<double>& query,
                          const std::vector<int64_t>& support, const std::vector<int>& counts, int n);

// `[row, count]` pairs in order of first appearance in `multiset`.
std::vector<std::pair<int64_t, int>> countByFirstAppearance(const std::vector<int64_t>& multiset);

}  // namespace hullft
