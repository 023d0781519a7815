#include "selection/embedding_matrix.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "selection/vector_math.h"

namespace hullft {

EmbeddingMatrix::EmbeddingMatrix(std::size_t rows, std::size_t cols, const std::vector<double>& values)
    : rows_(rows), cols_(cols) {
    if (values.size() != rows_ * cols_)
        throw std::invalid_argument("EmbeddingMatrix: " + std::to_string(values.size()) + " values for " +
                                    std::to_string(rows_) + " x " + std::to_string(cols_));
    // Row by row, so each row is read from `values` once and its norm taken while it is in cache.
    values_.reserve(values.size());
    floatValues_.reserve(values.size());
    rowNorms_.resize(rows_);
    for (std::size_t i = 0; i < rows_; ++i) {
        const auto source = values.begin() + static_cast<std::ptrdiff_t>(i * cols_);
        values_.insert(values_.end(), source, source + static_cast<std::ptrdiff_t>(cols_));
        floatValues_.insert(floatValues_.end(), source, source + static_cast<std::ptrdiff_t>(cols_));
        rowNorms_[i] = std::sqrt(dot(row(i), row(i), cols_));
    }
}

}  // namespace hullft
