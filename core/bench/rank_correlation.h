#pragma once

#include <vector>

namespace hullft {

// Spearman's rank correlation with an approximate 95% interval.
struct RankCorrelation {
    double rho = 0.0;   // NaN when fewer than three pairs or when either side is constant
    double low = 0.0;   // NaN when fewer than four pairs (the interval needs n - 3 > 0)
    double high = 0.0;
    int count = 0;
};

// The Pearson correlation of the ranks of `x` and of `y` (ties get their average rank). The
// interval is Fisher's z = atanh(rho) ± 1.96 · sqrt(1.06 / (n - 3)), mapped back with tanh (the
// variance of Fieller, Hartley & Pearson for Spearman's rho). Pairs with a NaN are left out.
RankCorrelation spearman(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace hullft
