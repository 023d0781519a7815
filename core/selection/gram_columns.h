#pragma once

#include <cstddef>
#include <vector>

#include "selection/embedding_matrix.h"

namespace hullft {

// Columns of the pool's Gram matrix (row i . row j) in float32, computed when first needed and
// several in one pass over the rows (dotRowsMany). Every entry lies within
// errorBound() * ||row i|| * ||row j|| of the exact product, and is the same bit for bit whatever
// the order the columns were asked for in.
class GramColumns {
public:
    explicit GramColumns(const EmbeddingMatrix& pool);

    bool has(std::size_t j) const { return !columns_[j].empty(); }
    const std::vector<float>& column(std::size_t j) const { return columns_[j]; }

    // Computes, in one pass, the columns of those `rows` not held yet.
    void compute(const std::vector<std::size_t>& rows);

    double errorBound() const;

private:
    const EmbeddingMatrix& pool_;
    std::vector<std::vector<float>> columns_;
    // Working space of compute(), kept so that a pass allocates nothing.
    std::vector<std::size_t> missing_, passRows_, heldRows_;
    std::vector<const float*> vectors_, passPointers_;
    std::vector<float> block_;
};

}  // namespace hullft
