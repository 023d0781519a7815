#include "selection/row_argmax.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "selection/vector_math.h"

namespace hullft {

namespace {

// Writes, ascending, the rows whose interval [estimate - slack, estimate + slack] reaches
// `largestLowerBound`, and returns how many. Eight rows are tested per step in vector registers
// and only a step with a hit is looked at row by row: Frank-Wolfe screens every iteration, and
// its few candidates leave most steps empty.
template <typename Estimate>
__attribute__((always_inline)) inline std::size_t screenRows(const Estimate* estimates, const double* slacks,
                                                             std::size_t count, double largestLowerBound,
                                                             std::size_t* candidates) {
    constexpr std::size_t kStep = 8;
    typedef double Doubles __attribute__((vector_size(kStep * sizeof(double))));
    typedef Estimate Estimates __attribute__((vector_size(kStep * sizeof(Estimate))));
    std::size_t found = 0;
    const auto screen = [&](std::size_t first, std::size_t last) {
        for (std::size_t j = first; j < last; ++j) {
            candidates[found] = j;
            found += estimates[j] + slacks[j] >= largestLowerBound;
        }
    };
    std::size_t i = 0;
    for (; i + kStep <= count; i += kStep) {
        Estimates estimate;
        Doubles slack;
        std::memcpy(&estimate, estimates + i, sizeof estimate);
        std::memcpy(&slack, slacks + i, sizeof slack);
        const auto reaches = __builtin_convertvector(estimate, Doubles) + slack >= largestLowerBound;
        long long any = 0;
        for (std::size_t l = 0; l < kStep; ++l) any |= reaches[l];
        if (any) screen(i, i + kStep);
    }
    screen(i, count);
    return found;
}

HULLFT_VECTOR_CLONES std::size_t screenRows(const float* estimates, const double* slacks, std::size_t count,
                                            double largestLowerBound, std::size_t* candidates) {
    return screenRows<float>(estimates, slacks, count, largestLowerBound, candidates);
}

HULLFT_VECTOR_CLONES std::size_t screenRows(const double* estimates, const double* slacks, std::size_t count,
                                            double largestLowerBound, std::size_t* candidates) {
    return screenRows<double>(estimates, slacks, count, largestLowerBound, candidates);
}

}  // namespace

void rowSlacks(const EmbeddingMatrix& rows, double slackScale, double* slacks) {
    // The constant term covers float32 underflow.
    constexpr double kUnderflow = 1e-30;
    for (std::size_t i = 0; i < rows.rows(); ++i) slacks[i] = slackScale * rows.rowNorm(i) + kUnderflow;
}

template <typename Estimate>
std::size_t screenedArgmax(const EmbeddingMatrix& rows, const Estimate* estimates, const double* slacks,
                           double largestLowerBound, const double* v, std::vector<std::size_t>& candidates) {
    candidates.resize(rows.rows());
    const std::size_t found = screenRows(estimates, slacks, rows.rows(), largestLowerBound, candidates.data());
    // The row holding the largest lower bound is always a candidate. A lone one is the maximum,
    // and the first: a row tying it in float64 would have reached the bound too. Frank-Wolfe's
    // screening leaves one candidate in most iterations (69 of 79 at K = 200, d = 1024).
    if (found == 1) return candidates[0];
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

template std::size_t screenedArgmax<float>(const EmbeddingMatrix&, const float*, const double*, double,
                                           const double*, std::vector<std::size_t>&);
template std::size_t screenedArgmax<double>(const EmbeddingMatrix&, const double*, const double*, double,
                                            const double*, std::vector<std::size_t>&);

RowArgmax::RowArgmax(const EmbeddingMatrix& rows)
    : rows_(rows), rowPointers_(rows.rows()), vFloat_(rows.cols()), scores_(rows.rows()), slacks_(rows.rows()) {
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
    rowSlacks(rows_, slackScale_, slacks_.data());
    double largestLowerBound = -INFINITY;
    for (std::size_t i = 0; i < rows_.rows(); ++i)
        largestLowerBound = std::max(largestLowerBound, scores_[i] - slacks_[i]);
    return screenedArgmax(rows_, scores_.data(), slacks_.data(), largestLowerBound, v, candidates_);
}

}  // namespace hullft
