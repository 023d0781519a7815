#include "selection/embedding_matrix.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "selection/vector_math.h"

namespace hullft {

EmbeddingMatrix::EmbeddingMatrix(std::size_t rows, std::size_t cols, std::vector<double> values)
    : rows_(rows), cols_(cols), values_(std::move(values)) {
    if (values_.size() != rows_ * cols_)
        throw std::invalid_argument("EmbeddingMatrix: " + std::to_string(values_.size()) + " values for " +
                                    std::to_string(rows_) + " x " + std::to_string(cols_));
    floatValues_.assign(values_.begin(), values_.end());
    rowNorms_.resize(rows_);
    for (std::size_t i = 0; i < rows_; ++i) rowNorms_[i] = std::sqrt(dot(row(i), row(i), cols_));
}

}  // namespace hullft
