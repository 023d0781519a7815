#include "selection/frank_wolfe.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "selection/aligned_vector.h"
#include "selection/gram_columns.h"
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

// Makes Gram column `row` available. A pass over the pool costs about the same for four columns as
// for one, so it also computes the columns of the three best-scoring rows not held yet: later
// iterations pick their vertex among those nearly always. `rows` is working space, kept by the
// caller so that a pass allocates nothing.
void ensureColumn(GramColumns& gram, std::size_t row, const std::vector<double>& scores,
                  std::vector<std::size_t>& rows) {
    if (gram.has(row)) return;
    constexpr std::size_t kColumnsPerPass = 4;
    // rows[1..] holds the best others so far, by score descending, ascending row on equal scores.
    rows.assign(1, row);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (i == row || gram.has(i)) continue;
        if (rows.size() == kColumnsPerPass && scores[i] <= scores[rows.back()]) continue;
        if (rows.size() == kColumnsPerPass) rows.pop_back();
        std::size_t at = rows.size();
        while (at > 1 && scores[i] > scores[rows[at - 1]]) --at;
        rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(at), i);
    }
    gram.compute(rows);
}

// The line search's move c += gamma (x_j - c). This file is compiled without FMA contraction:
// each update rounds its product and its sum, as the reference's NumPy does.
HULLFT_VECTOR_CLONES void moveTowardsVertex(double gamma, const double* direction, double* current, std::size_t d) {
    for (std::size_t k = 0; k < d; ++k) current[k] += gamma * direction[k];
}

// The same move in X c, X c += gamma (X x_j - X c) where `column` is X x_j, fused with the next
// iteration's scores X r = X q - X c (float32 X q, float64 X c) and the largest lower bound
// score - slack that screening needs: one pass over the pool for the three, eight rows per step
// in vector registers. The maximum does not depend on the order it is taken in.
HULLFT_VECTOR_CLONES double moveScores(double gamma, const float* column, const float* queryScores,
                                       const double* slacks, double* poolDotCurrent, double* scores,
                                       std::size_t count) {
    constexpr std::size_t kStep = 8;
    typedef double Doubles __attribute__((vector_size(kStep * sizeof(double))));
    typedef float Floats __attribute__((vector_size(kStep * sizeof(float))));
    Doubles lowerBounds;
    for (std::size_t l = 0; l < kStep; ++l) lowerBounds[l] = -INFINITY;
    std::size_t i = 0;
    for (; i + kStep <= count; i += kStep) {
        Floats columnPart, queryPart;
        Doubles current, slack;
        std::memcpy(&columnPart, column + i, sizeof columnPart);
        std::memcpy(&queryPart, queryScores + i, sizeof queryPart);
        std::memcpy(&current, poolDotCurrent + i, sizeof current);
        std::memcpy(&slack, slacks + i, sizeof slack);
        current += gamma * (__builtin_convertvector(columnPart, Doubles) - current);
        const Doubles score = __builtin_convertvector(queryPart, Doubles) - current;
        std::memcpy(poolDotCurrent + i, &current, sizeof current);
        std::memcpy(scores + i, &score, sizeof score);
        const Doubles lower = score - slack;
        lowerBounds = lower > lowerBounds ? lower : lowerBounds;
    }
    double largest = -INFINITY;
    for (std::size_t l = 0; l < kStep; ++l) largest = std::max(largest, lowerBounds[l]);
    for (; i < count; ++i) {
        poolDotCurrent[i] += gamma * (column[i] - poolDotCurrent[i]);
        scores[i] = queryScores[i] - poolDotCurrent[i];
        largest = std::max(largest, scores[i] - slacks[i]);
    }
    return largest;
}

}  // namespace

// One function of about 70 lines on purpose: the screening state (float32 scores, slacks, the
// lower bound, the Gram columns) is set up for and updated by every iteration of the hottest loop
// of selection; split, each part would take a dozen of these by reference.
FrankWolfeResult frankWolfe(const EmbeddingMatrix& pool, const std::vector<double>& queryValues,
                            const FrankWolfeOptions& options) {
    const AlignedVector<double> query(queryValues.begin(), queryValues.end());
    const std::size_t d = pool.cols();
    const std::size_t count = pool.rows();
    RowArgmax argmaxRow(pool);

    // FW step 1: start at the best vertex.
    const std::size_t start = argmaxRow(query.data());
    std::vector<double> weights(count, 0.0);
    weights[start] = 1.0;
    AlignedVector<double> current(pool.row(start), pool.row(start) + d);
    std::vector<int64_t> support{static_cast<int64_t>(start)};
    std::vector<char> inSupport(count, 0);
    inSupport[start] = 1;

    // Each iteration's scores X r = X q - X c come from X q (float32, computed once) and
    // X c = sum of w_j * Gram column j, kept up to date at O(K) per iteration instead of a K x d
    // pass. Their error bound lets screenedArgmax recompute only the few rows that could still be
    // the float64 maximum, so the decisions are those of the plain float64 loop.
    const std::vector<float> queryScores = argmaxRow.scores();
    double largestRowNorm = 0.0;
    for (std::size_t i = 0; i < count; ++i) largestRowNorm = std::max(largestRowNorm, pool.rowNorm(i));
    const double queryNorm = std::sqrt(dot(query.data(), query.data(), d));
    GramColumns gram(pool);
    // The float64 recurrences of c and X c drift apart by rounding only: far below 1e-12.
    const double slackScale = argmaxRow.slackScale() + gram.errorBound() * largestRowNorm +
                              1e-12 * (queryNorm + largestRowNorm);
    std::vector<double> slacks(count);
    rowSlacks(pool, slackScale, slacks.data());
    std::vector<double> scores(queryScores.begin(), queryScores.end());
    std::vector<std::size_t> columnRows;
    columnRows.reserve(count);
    ensureColumn(gram, start, scores, columnRows);
    // X c for c = x_start: a full step from X c = 0 to the start's Gram column, exactly.
    std::vector<double> poolDotCurrent(count, 0.0);
    double largestLowerBound = moveScores(1.0, gram.column(start).data(), queryScores.data(), slacks.data(),
                                          poolDotCurrent.data(), scores.data(), count);

    FrankWolfeResult result;
    AlignedVector<double> residual(d), direction(d);
    std::vector<std::size_t> candidates;
    for (int iteration = 0; iteration < options.max_iter; ++iteration) {
        const double residualNorm =
            std::sqrt(differenceSquaredNorm(query.data(), current.data(), residual.data(), d));
        if (residualNorm < options.tol) break;

        // FW step 2: the vertex most aligned with the residual, and the direction towards it.
        const std::size_t chosen =
            screenedArgmax(pool, scores.data(), slacks.data(), largestLowerBound, residual.data(), candidates);
        const DifferenceDots dots =
            differenceDots(pool.row(chosen), current.data(), residual.data(), direction.data(), d);
        const double directionNormSquared = dots.self;
        if (directionNormSquared < 1e-12) break;

        // Line search, clipped to [0, 1].
        const double gamma = std::clamp(dots.with_c / directionNormSquared, 0.0, 1.0);
        for (const int64_t row : support) weights[row] *= 1.0 - gamma;
        weights[chosen] += gamma;
        ensureColumn(gram, chosen, scores, columnRows);
        moveTowardsVertex(gamma, direction.data(), current.data(), d);
        largestLowerBound = moveScores(gamma, gram.column(chosen).data(), queryScores.data(), slacks.data(),
                                       poolDotCurrent.data(), scores.data(), count);
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
