#include "selection/gram_columns.h"

#include "selection/vector_math.h"

namespace hullft {

GramColumns::GramColumns(const EmbeddingMatrix& pool) : pool_(pool), columns_(pool.rows()) {}

void GramColumns::compute(const std::vector<std::size_t>& rows) {
    std::vector<std::size_t> missing;
    std::vector<const float*> vectors;
    for (const std::size_t j : rows) {
        if (has(j)) continue;
        missing.push_back(j);
        vectors.push_back(pool_.rowFloat(j));
    }
    if (missing.empty()) return;
    const std::size_t count = pool_.rows();
    block_.resize(missing.size() * count);
    dotRowsMany(pool_.floatData(), count, pool_.cols(), vectors.data(), vectors.size(), block_.data());
    for (std::size_t v = 0; v < missing.size(); ++v)
        columns_[missing[v]].assign(block_.begin() + v * count, block_.begin() + (v + 1) * count);
}

double GramColumns::errorBound() const { return floatDotManyErrorBound(pool_.cols()); }

}  // namespace hullft
