#pragma once

#include <cstdint>
#include <vector>

namespace hullft {

// The fw-pad ablation's rounding: counts floor(N w_i), then the remaining units to the largest
// fractional remainders (support order on ties). Weights are clipped at 0 and renormalised.
// Returns the training multiset: each support row repeated by its count, in support order.
std::vector<int64_t> largestRemainderMultiset(const std::vector<int64_t>& support, const std::vector<double>& weights,
                                              int n);

}  // namespace hullft
