#include "selection/row_argmax.h"

#include <algorithm>
#include <cmath>

#include "selection/vector_math.h"

namespace hullft {

template <typename Estimate>
std::size_t screenedArgmax(const EmbeddingMatrix& rows, const Estimate* estimates, double slackScale, const double* v) {
    const std::size_t count = rows.rows();
    // The constant term covers float32 underflow.
    const double underflow = 1e-30;
    // Eight running maxima instead of one: a chain of dependent max instructions was most of
    // this function's time. The maximum does not depend on the order it is taken in.
    constexpr std::size_t kChains = 8;
    double lowerBounds[kChains];
    std::fill(lowerBounds, lowerBounds + kChains, -INFINITY);
    for (std::size_t i = 0; i < count; ++i)
        lowerBounds[i % kChains] =
            std::max(lowerBounds[i % kChains], estimates[i] - slackScale * rows.rowNorm(i) - underflow);
    const double bestLowerBound = *std::max_element(lowerBounds, lowerBounds + kChains);

    std::size_t best = 0;
    double bestValue = -INFINITY;
    bool found = false;
    for (std::size_t i = 0; i < count; ++i) {
        if (estimates[i] + slackScale * rows.rowNorm(i) + underflow < bestLowerBound) continue;
        const double value = dot(rows.row(i), v, rows.cols());
        if (!found || value > bestValue) {
            best = i;
            bestValue = value;
            found = true;
        }
    }
    return best;
}

template std::size_t screenedArgmax<float>(const EmbeddingMatrix&, const float*, double, const double*);
template std::size_t screenedArgmax<double>(const EmbeddingMatrix&, const double*, double, const double*);

RowArgmax::RowArgmax(const EmbeddingMatrix& rows)
    : rows_(rows), vFloat_(rows.cols()), scores_(rows.rows()) {}

std::size_t RowArgmax::operator()(const double* v) {
    const std::size_t n = rows_.cols();
    std::copy(v, v + n, vFloat_.begin());
    dotRows(rows_.floatData(), rows_.rows(), n, vFloat_.data(), scores_.data());
    // |float32 score - float64 score| <= bound * ||v|| * ||row||.
    slackScale_ = floatDotErrorBound(n) * std::sqrt(dot(v, v, n));
    return screenedArgmax(rows_, scores_.data(), slackScale_, v);
}

}  // namespace hullft
