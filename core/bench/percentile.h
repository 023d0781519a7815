#pragma once

#include <vector>

namespace hullft {

// The nearest-rank percentile: the ceil(p / 100 * n)-th smallest of the n values (rank at least
// 1), so it is always one of the values and p = 100 is the maximum. p in (0, 100]; NaN for no
// values. With 60 values p99 is the largest and p95 the 57th smallest.
double nearestRankPercentile(std::vector<double> values, double p);

}  // namespace hullft
