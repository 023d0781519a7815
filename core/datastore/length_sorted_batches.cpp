#include "datastore/length_sorted_batches.h"

#include <algorithm>
#include <numeric>

namespace hullft {

std::vector<std::vector<int64_t>> lengthSortedBatches(const std::vector<int64_t>& lengths,
                                                      int64_t batchTokens) {
    std::vector<int64_t> order(lengths.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return lengths[a] > lengths[b]; });
    std::vector<std::vector<int64_t>> batches;
    for (const int64_t row : order) {
        if (batches.empty() ||
            lengths[batches.back().front()] * static_cast<int64_t>(batches.back().size() + 1) > batchTokens)
            batches.emplace_back();
        batches.back().push_back(row);
    }
    return batches;
}

}  // namespace hullft
