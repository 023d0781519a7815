#pragma once

#include <vector>

#include "events/events.h"

namespace hullft {

// Projects the candidates (rows of `candidates`, K x d row-major), the query and the FW
// reconstruction on the candidates' first two principal components (PCA through the K x K Gram
// matrix, power iteration with deflation; float64; deterministic signs). An empty
// `reconstruction` is placed at the query.
EmbeddingProjectionEvent projectOnPrincipalPlane(const std::vector<double>& candidates, int64_t rows, int64_t dims,
                                                 const std::vector<double>& query,
                                                 const std::vector<double>& reconstruction);

}  // namespace hullft
