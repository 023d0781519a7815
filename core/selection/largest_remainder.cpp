#include "selection/largest_remainder.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hullft {

std::vector<int64_t> largestRemainderMultiset(const std::vector<int64_t>& support, const std::vector<double>& weights,
                                              int n) {
    const size_t m = support.size();
    if (m == 0 || n <= 0) return {};
    std::vector<double> w(m);
    for (size_t i = 0; i < m; ++i) w[i] = std::max(0.0, weights[i]);
    const double total = std::accumulate(w.begin(), w.end(), 0.0);
    for (double& value : w) value = total > 0 ? value / total : 1.0 / static_cast<double>(m);

    std::vector<int> counts(m);
    std::vector<double> remainder(m);
    int assigned = 0;
    for (size_t i = 0; i < m; ++i) {
        const double exact = n * w[i];
        counts[i] = static_cast<int>(std::floor(exact));
        remainder[i] = exact - counts[i];
        assigned += counts[i];
    }
    std::vector<size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return remainder[a] > remainder[b]; });
    for (size_t k = 0; assigned < n; k = (k + 1) % m, ++assigned) ++counts[order[k]];

    std::vector<int64_t> multiset;
    multiset.reserve(n);
    for (size_t i = 0; i < m; ++i) multiset.insert(multiset.end(), counts[i], support[i]);
    return multiset;
}

}  // namespace hullft
