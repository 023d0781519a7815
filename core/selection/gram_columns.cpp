#include "selection/gram_columns.h"

#include "selection/vector_math.h"

namespace hullft {

GramColumns::GramColumns(const EmbeddingMatrix& pool) : pool_(pool), columns_(pool.rows()) {
    passRows_.reserve(pool.rows());
    heldRows_.reserve(pool.rows());
    passPointers_.reserve(pool.rows());
}

void GramColumns::compute(const std::vector<std::size_t>& rows) {
    missing_.clear();
    vectors_.clear();
    for (const std::size_t j : rows) {
        if (has(j)) continue;
        missing_.push_back(j);
        vectors_.push_back(pool_.rowFloat(j));
    }
    if (missing_.empty()) return;
    // A row whose column is held already has its entries of the new columns there (row i . row j
    // is bitwise row j . row i), so the pass runs over the other rows only.
    const std::size_t count = pool_.rows();
    passRows_.clear();
    heldRows_.clear();
    passPointers_.clear();
    for (std::size_t i = 0; i < count; ++i) {
        if (has(i)) {
            heldRows_.push_back(i);
            continue;
        }
        passRows_.push_back(i);
        passPointers_.push_back(pool_.rowFloat(i));
    }
    const std::size_t passCount = passRows_.size();
    block_.resize(missing_.size() * passCount);
    dotRowsMany(passPointers_.data(), passCount, pool_.cols(), vectors_.data(), vectors_.size(), block_.data());
    for (std::size_t v = 0; v < missing_.size(); ++v) {
        std::vector<float>& column = columns_[missing_[v]];
        column.resize(count);
        for (std::size_t p = 0; p < passCount; ++p) column[passRows_[p]] = block_[v * passCount + p];
        for (const std::size_t i : heldRows_) column[i] = columns_[i][missing_[v]];
    }
}

double GramColumns::errorBound() const { return floatDotManyErrorBound(pool_.cols()); }

}  // namespace hullft
