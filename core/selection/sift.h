#pragma once

#include <cstdint>
#include <vector>

#include "selection/embedding_matrix.h"

namespace hullft {

struct SiftOptions {
    int n = 50;
    double lambda = 0.2;               // noise variance of the observations
    bool also_query_opposite = true;   // order the pool by |x.q| (the library queries q and -q)
};

struct SiftResult {
    std::vector<int64_t> indices;  // pool rows in the order picked; repeats allowed
    std::vector<double> values;    // acquisition value at each pick: minus the total posterior variance
};

// SIFT baseline (core/selection/README.md, "SIFT"): activeft's VTL with a linear kernel and the query as the
// only target, in float32 like the library. Only the covariance entries the greedy needs are
// kept (pool diagonal, pool-target, and the columns of the picked points), O(N K) per step
// after one kernel column per distinct pick.
SiftResult siftSelect(const EmbeddingMatrix& pool, const std::vector<double>& query, const SiftOptions& options);

}  // namespace hullft
