#include "bench/percentile.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hullft {

double nearestRankPercentile(std::vector<double> values, double p) {
    if (!(p > 0.0 && p <= 100.0))
        throw std::invalid_argument("nearestRankPercentile: p must lie in (0, 100]");
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    const double n = static_cast<double>(values.size());
    // Rounded before ceil: p / 100 * n is 7.000000000000001 for p = 7, n = 100, which must stay rank 7.
    const double exactRank = std::round(p / 100.0 * n * 1e9) / 1e9;
    const size_t rank = std::max<size_t>(1, static_cast<size_t>(std::ceil(exactRank)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank - 1), values.end());
    return values[rank - 1];
}

}  // namespace hullft
