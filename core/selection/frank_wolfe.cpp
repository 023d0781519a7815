#include "selection/frank_wolfe.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "selection/row_argmax.h"
#include "selection/vector_math.h"

namespace hullft {
namespace {

// FW step 3: support by weight descending, ascending row on equal weights, truncated to N.
void orderSupport(const std::vector<int64_t>& support, const std::vector<double>& weights, int n,
                  FrankWolfeResult& result) {
    std::vector<int64_t> order = support;
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return weights[a] != weights[b] ? weights[a] > weights[b] : a < b;
    });
    order.resize(std::min<std::size_t>(order.size(), static_cast<std::size_t>(n)));
    for (const int64_t row : order) result.weights.push_back(weights[row]);
    result.support = std::move(order);
}

}  // namespace

FrankWolfeResult frankWolfe(const EmbeddingMatrix& pool, const std::vector<double>& query,
                            const FrankWolfeOptions& options) {
    const std::size_t d = pool.cols();
    RowArgmax argmaxRow(pool);

    // FW step 1: start at the best vertex.
    const std::size_t start = argmaxRow(query.data());
    std::vector<double> weights(pool.rows(), 0.0);
    weights[start] = 1.0;
    std::vector<double> current(pool.row(start), pool.row(start) + d);
    std::vector<int64_t> support{static_cast<int64_t>(start)};
    std::vector<char> inSupport(pool.rows(), 0);
    inSupport[start] = 1;

    FrankWolfeResult result;
    std::vector<double> residual(d), direction(d);
    for (int iteration = 0; iteration < options.max_iter; ++iteration) {
        for (std::size_t k = 0; k < d; ++k) residual[k] = query[k] - current[k];
        const double residualNorm = std::sqrt(dot(residual.data(), residual.data(), d));
        if (residualNorm < options.tol) break;

        // FW step 2: the vertex most aligned with the residual, and the direction towards it.
        const std::size_t chosen = argmaxRow(residual.data());
        const double* vertex = pool.row(chosen);
        for (std::size_t k = 0; k < d; ++k) direction[k] = vertex[k] - current[k];
        const double directionNormSquared = dot(direction.data(), direction.data(), d);
        if (directionNormSquared < 1e-12) break;

        // Line search, clipped to [0, 1].
        const double gamma =
            std::clamp(dot(residual.data(), direction.data(), d) / directionNormSquared, 0.0, 1.0);
        for (const int64_t row : support) weights[row] *= 1.0 - gamma;
        weights[chosen] += gamma;
        for (std::size_t k = 0; k < d; ++k) current[k] += gamma * direction[k];
        result.trace.push_back({iteration, static_cast<int64_t>(chosen), gamma, residualNorm});

        if (!inSupport[chosen]) {
            inSupport[chosen] = 1;
            support.push_back(static_cast<int64_t>(chosen));
        }
        if (support.size() >= static_cast<std::size_t>(options.n)) break;
    }
    orderSupport(support, weights, options.n, result);
    return result;
}

}  // namespace hullft
