#pragma once

#include <cstdint>
#include <vector>

namespace hullft {

// Row numbers grouped for batched forward passes: longest first (stable), so each group pads to
// its first row's length and neighbours have similar lengths; a group's padded size
// (longest length x rows) stays within `batchTokens` (a single longer row forms its own group).
std::vector<std::vector<int64_t>> lengthSortedBatches(const std::vector<int64_t>& lengths,
                                                      int64_t batchTokens);

}  // namespace hullft
