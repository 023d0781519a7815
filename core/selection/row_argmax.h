#pragma once

#include <cstddef>
#include <vector>

#include "selection/aligned_vector.h"
#include "selection/embedding_matrix.h"

namespace hullft {

// The slack of every row's estimate, slackScale * ||row i|| plus a guard for float32 underflow.
void rowSlacks(const EmbeddingMatrix& rows, double slackScale, double* slacks);

// The first row i maximising (row i . v) in float64, exactly what a plain loop over all rows
// returns, given an estimate of every product that lies within slacks[i] of it and the largest
// lower bound (estimate - slack) over all rows: only rows whose interval reaches that bound are
// evaluated in float64. Estimate is float or double; `candidates` is working space, kept by the
// caller so repeated calls allocate nothing.
template <typename Estimate>
std::size_t screenedArgmax(const EmbeddingMatrix& rows, const Estimate* estimates, const double* slacks,
                           double largestLowerBound, const double* v, std::vector<std::size_t>& candidates);

// screenedArgmax with float32 scores as the estimates, which turns a K x d float64 pass into a
// float32 pass plus a few float64 dot products.
class RowArgmax {
public:
    explicit RowArgmax(const EmbeddingMatrix& rows);
    std::size_t operator()(const double* v);

    // The float32 scores of the last call, and their error bound relative to ||row i||.
    const std::vector<float>& scores() const { return scores_; }
    double slackScale() const { return slackScale_; }

private:
    const EmbeddingMatrix& rows_;
    std::vector<const float*> rowPointers_;
    AlignedVector<float> vFloat_;
    std::vector<float> scores_;
    std::vector<double> slacks_;
    double slackScale_ = 0.0;
    std::vector<std::size_t> candidates_;
};

}  // namespace hullft
