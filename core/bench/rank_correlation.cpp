#include "bench/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hullft {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// 1-based ranks; a run of equal values gets the mean of the ranks it spans.
std::vector<double> averageRanks(const std::vector<double>& values) {
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (size_t start = 0; start < order.size();) {
        size_t end = start + 1;
        while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
        const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
        for (size_t i = start; i < end; ++i) ranks[order[i]] = rank;
        start = end;
    }
    return ranks;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = static_cast<double>(a.size());
    const double meanA = std::accumulate(a.begin(), a.end(), 0.0) / n, meanB = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (size_t i = 0; i < a.size(); ++i) {
        ab += (a[i] - meanA) * (b[i] - meanB);
        aa += (a[i] - meanA) * (a[i] - meanA);
        bb += (b[i] - meanB) * (b[i] - meanB);
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : kNaN;
}

}  // namespace

RankCorrelation spearman(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<double> xs, ys;
    for (size_t i = 0; i < std::min(x.size(), y.size()); ++i)
        if (!std::isnan(x[i]) && !std::isnan(y[i])) xs.push_back(x[i]), ys.push_back(y[i]);
    RankCorrelation result{kNaN, kNaN, kNaN, static_cast<int>(xs.size())};
    if (xs.size() < 3) return result;
    result.rho = pearson(averageRanks(xs), averageRanks(ys));
    if (xs.size() < 4 || std::isnan(result.rho)) return result;
    const double z = std::atanh(std::clamp(result.rho, -0.999999, 0.999999));
    const double halfWidth = 1.959963984540054 * std::sqrt(1.06 / (static_cast<double>(xs.size()) - 3.0));
    result.low = std::tanh(z - halfWidth);
    result.high = std::tanh(z + halfWidth);
    return result;
}

}  // namespace hullft
