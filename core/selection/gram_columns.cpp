#include "selection/gram_columns.h"

#include "selection/vector_math.h"

namespace hullft {

GramColumns::GramColumns(const EmbeddingMatrix& pool) : pool_(pool), columns_(pool.rows()) {
    passRows_.reserve(pool.rows());
    heldRows_.reserve(pool.rows());
    passPointers_.reserve(pool.rows());
}

void GramColumns::compute(const std::vector<std::size_t>& rows) {
    std::vector<std::size_t>& missing = missing_;
    std::vector<const float*>& vectors = vectors_;
    missing.clear();
    vectors.clear();
    for (const std::size_t j : rows) {
        if (has(j)) continue;
        missing.push_back(j);
        vectors.push_back(pool_.rowFloat(j));
    }
    if (missing.empty()) return;
    // A row whose column is held already has its entries of the new columns there (row i . row j
    // is bitwise row j . row i), so the pass runs over the other rows only.
    const std::size_t count = pool_.rows();
    std::vector<std::size_t>& passRows = passRows_;
    std::vector<std::size_t>& heldRows = heldRows_;
    std::vector<const float*>& passPointers = passPointers_;
    passRows.clear();
    heldRows.clear();
    passPointers.clear();
    for (std::size_t i = 0; i < count; ++i) {
        if (has(i)) {
            heldRows.push_back(i);
            continue;
        }
        passRows.push_back(i);
        passPointers.push_back(pool_.rowFloat(i));
    }
    const std::size_t passCount = passRows.size();
    block_.resize(missing.size() * passCount);
    dotRowsMany(passPointers.data(), passCount, pool_.cols(), vectors.data(), vectors.size(), block_.data());
    for (std::size_t v = 0; v < missing.size(); ++v) {
        std::vector<float>& column = columns_[missing[v]];
        column.resize(count);
        for (std::size_t p = 0; p < passCount; ++p) column[passRows[p]] = block_[v * passCount + p];
        for (const std::size_t i : heldRows) column[i] = columns_[i][missing[v]];
    }
}

double GramColumns::errorBound() const { return floatDotManyErrorBound(pool_.cols()); }

}  // namespace hullft
