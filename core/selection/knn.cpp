#include "selection/knn.h"

#include <algorithm>
#include <numeric>

#include "selection/vector_math.h"

namespace hullft {

KnnResult knnSelect(const EmbeddingMatrix& pool, const std::vector<double>& query, int n) {
    const std::vector<float> queryFloat(query.begin(), query.end());
    std::vector<float> scores(pool.rows());
    sequentialDotRows(pool.floatData(), pool.rows(), pool.cols(), queryFloat.data(), scores.data());

    std::vector<int64_t> order(pool.rows());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t keep = std::min<std::size_t>(order.size(), static_cast<std::size_t>(n));
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](int64_t a, int64_t b) {
        return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
    });
    KnnResult result;
    result.indices.assign(order.begin(), order.begin() + keep);
    for (const int64_t row : result.indices) result.scores.push_back(scores[row]);
    return result;
}

}  // namespace hullft
