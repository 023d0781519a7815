#pragma once

#include <vector>

#include "selection/embedding_matrix.h"
#include "selection/frank_wolfe.h"
#include "selection/integerize.h"

namespace hullft {

struct HullftOptions {
    int n = 50;  // multiset size N
    int max_iter = 250;
    double tol = 1e-5;
    int swap_passes = 2;
};

struct HullftSelection {
    FrankWolfeResult reconstruction;  // step 2: support and convex weights
    Integerization integerization;    // step 3: counts and the training multiset
};

// HullFT steps 2 and 3 for one query: Frank-Wolfe, then geometric integerization of its support.
HullftSelection hullftSelect(const EmbeddingMatrix& pool, const std::vector<double>& query,
                             const HullftOptions& options);

}  // namespace hullft
