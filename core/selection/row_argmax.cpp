#include "selection/row_argmax.h"

#include <algorithm>
#include <cmath>

#include "selection/vector_math.h"

namespace hullft {

namespace {

// The constant term of every interval covers float32 underflow.
constexpr double kUnderflow = 1e-30;

// Writes, ascending, the rows whose interval [estimate - slack, estimate + slack] reaches the
// largest lower bound, and returns how many. The lower bounds are taken eight rows per step in
// vector registers and the candidates written without branches: Frank-Wolfe screens every
// iteration. The maximum does not depend on the order it is taken in.
template <typename Estimate>
__attribute__((always_inline)) inline std::size_t screenRows(const Estimate* estimates, const double* norms,
                                                             std::size_t count, double slackScale,
                                                             std::size_t* candidates) {
    constexpr std::size_t kStep = 8;
    typedef double Doubles __attribute__((vector_size(kStep * sizeof(double))));
    const auto slackAt = [&](std::size_t i) { return slackScale * norms[i] + kUnderflow; };
    Doubles lowerBounds;
    for (std::size_t l = 0; l < kStep; ++l) lowerBounds[l] = -INFINITY;
    std::size_t i = 0;
    for (; i + kStep <= count; i += kStep) {
        Doubles lower;
        for (std::size_t l = 0; l < kStep; ++l) lower[l] = estimates[i + l] - slackAt(i + l);
        lowerBounds = lower > lowerBounds ? lower : lowerBounds;
    }
    double best = -INFINITY;
    for (std::size_t l = 0; l < kStep; ++l) best = std::max(best, lowerBounds[l]);
    for (; i < count; ++i) best = std::max(best, estimates[i] - slackAt(i));

    std::size_t found = 0;
    for (std::size_t j = 0; j < count; ++j) {
        candidates[found] = j;
        found += estimates[j] + slackAt(j) >= best;
    }
    return found;
}

HULLFT_VECTOR_CLONES std::size_t screenRows(const float* estimates, const double* norms, std::size_t count,
                                            double slackScale, std::size_t* candidates) {
    return screenRows<float>(estimates, norms, count, slackScale, candidates);
}

HULLFT_VECTOR_CLONES std::size_t screenRows(const double* estimates, const double* norms, std::size_t count,
                                            double slackScale, std::size_t* candidates) {
    return screenRows<double>(estimates, norms, count, slackScale, candidates);
}

}  // namespace

template <typename Estimate>
std::size_t screenedArgmax(const EmbeddingMatrix& rows, const Estimate* estimates, double slackScale, const double* v,
                           std::vector<std::size_t>& candidates) {
    candidates.resize(rows.rows());
    const std::size_t found = screenRows(estimates, rows.rowNorms(), rows.rows(), slackScale, candidates.data());
    std::size_t best = 0;
    double bestValue = -INFINITY;
    for (std::size_t c = 0; c < found; ++c) {
        const double value = dot(rows.row(candidates[c]), v, rows.cols());
        if (c == 0 || value > bestValue) {
            best = candidates[c];
            bestValue = value;
        }
    }
    return best;
}

template std::size_t screenedArgmax<float>(const EmbeddingMatrix&, const float*, double, const double*,
                                           std::vector<std::size_t>&);
template std::size_t screenedArgmax<double>(const EmbeddingMatrix&, const double*, double, const double*,
                                            std::vector<std::size_t>&);

RowArgmax::RowArgmax(const EmbeddingMatrix& rows)
    : rows_(rows), rowPointers_(rows.rows()), vFloat_(rows.cols()), scores_(rows.rows()) {
    for (std::size_t i = 0; i < rows.rows(); ++i) rowPointers_[i] = rows.rowFloat(i);
}

std::size_t RowArgmax::operator()(const double* v) {
    const std::size_t n = rows_.cols();
    std::copy(v, v + n, vFloat_.begin());
    // The blocked kernel: each chunk of v is loaded once for four rows.
    const float* vector = vFloat_.data();
    dotRowsMany(rowPointers_.data(), rows_.rows(), n, &vector, 1, scores_.data());
    // |float32 score - float64 score| <= bound * ||v|| * ||row||.
    slackScale_ = floatDotManyErrorBound(n) * std::sqrt(dot(v, v, n));
    return screenedArgmax(rows_, scores_.data(), slackScale_, v, candidates_);
}

}  // namespace hullft
