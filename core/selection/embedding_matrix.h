#pragma once

#include <cstddef>
#include <vector>

#include "selection/aligned_vector.h"

namespace hullft {

// K embeddings of dimension d, row-major. Selection arithmetic runs in float64 on `row`; the
// float32 copy serves the parts the reference computes in float32 (kNN, SIFT) and the
// bounded-error screening that keeps Frank-Wolfe's argmax cheap. Both are made once here, so
// every selector shares them.
class EmbeddingMatrix {
public:
    EmbeddingMatrix() = default;
    // `values` holds rows * cols numbers, row after row; they are copied to cache-line-aligned
    // storage.
    EmbeddingMatrix(std::size_t rows, std::size_t cols, const std::vector<double>& values);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    const double* row(std::size_t i) const { return values_.data() + i * cols_; }
    const float* rowFloat(std::size_t i) const { return floatValues_.data() + i * cols_; }
    const float* floatData() const { return floatValues_.data(); }
    double rowNorm(std::size_t i) const { return rowNorms_[i]; }
    const double* rowNorms() const { return rowNorms_.data(); }

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    AlignedVector<double> values_;
    AlignedVector<float> floatValues_;
    std::vector<double> rowNorms_;
};

}  // namespace hullft
