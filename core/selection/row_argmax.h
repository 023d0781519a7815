#pragma once

#include <cstddef>
#include <vector>

#include "selection/embedding_matrix.h"

namespace hullft {

// argmax over rows i of (row i . v) in float64, first index on ties: exactly what a plain loop
// over all rows returns. Rows are screened with float32 scores first and only those whose
// error interval reaches the best lower bound are evaluated in float64, which turns a K x d
// float64 pass into a float32 pass plus a few float64 dot products.
class RowArgmax {
public:
    explicit RowArgmax(const EmbeddingMatrix& rows);

    std::size_t operator()(const double* v);

private:
    const EmbeddingMatrix& rows_;
    std::vector<float> vFloat_;
    std::vector<float> scores_;
};

}  // namespace hullft
