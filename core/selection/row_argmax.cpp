#include "selection/row_argmax.h"

#include <algorithm>
#include <cmath>

#include "selection/vector_math.h"

namespace hullft {

RowArgmax::RowArgmax(const EmbeddingMatrix& rows)
    : rows_(rows), vFloat_(rows.cols()), scores_(rows.rows()) {}

std::size_t RowArgmax::operator()(const double* v) {
    const std::size_t count = rows_.rows();
    const std::size_t n = rows_.cols();
    std::copy(v, v + n, vFloat_.begin());
    dotRows(rows_.floatData(), count, n, vFloat_.data(), scores_.data());

    // |float32 score - float64 score| <= slack * ||row||; the constant term covers float32 underflow.
    const double slack = floatDotErrorBound(n) * std::sqrt(dot(v, v, n));
    const double underflow = 1e-30;
    double bestLowerBound = -INFINITY;
    for (std::size_t i = 0; i < count; ++i)
        bestLowerBound = std::max(bestLowerBound, scores_[i] - slack * rows_.rowNorm(i) - underflow);

    std::size_t best = 0;
    double bestValue = -INFINITY;
    bool found = false;
    for (std::size_t i = 0; i < count; ++i) {
        if (scores_[i] + slack * rows_.rowNorm(i) + underflow < bestLowerBound) continue;
        const double value = dot(rows_.row(i), v, n);
        if (!found || value > bestValue) {
            best = i;
            bestValue = value;
            found = true;
        }
    }
    return best;
}

}  // namespace hullft
