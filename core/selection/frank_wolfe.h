#pragma once

#include <cstdint>
#include <vector>

#include "events/events.h"
#include "selection/embedding_matrix.h"

namespace hullft {

struct FrankWolfeOptions {
    int n = 50;          // support size N at which the iteration stops
    int max_iter = 250;
    double tol = 1e-5;   // stop once ||q - c|| < tol
};

struct FrankWolfeResult {
    std::vector<int64_t> support;          // pool rows, weight descending (ties: ascending row), at most N
    std::vector<double> weights;           // their convex weights, not renormalised
    std::vector<FwIterationEvent> trace;   // one entry per step taken (iteration counts from 0)
};

// HullFT step 2 (core/selection/README.md, "Frank-Wolfe convex reconstruction"): writes the query as a
// sparse convex combination of pool rows, in float64.
FrankWolfeResult frankWolfe(const EmbeddingMatrix& pool, const std::vector<double>& query,
                            const FrankWolfeOptions& options);

}  // namespace hullft
