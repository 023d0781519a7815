#include "support_ranking.h"

#include <algorithm>

namespace hullft::ui {

std::vector<SupportPoint> rankedSupport(std::vector<SupportPoint> support) {
    std::stable_sort(support.begin(), support.end(),
                     [](const SupportPoint& a, const SupportPoint& b) { return a.weight > b.weight; });
    return support;
}

bool hasConvexWeights(const std::string& method) {
    return method == "hullft" || method == "hullft-noreuse" || method == "fw-pad";
}

}  // namespace hullft::ui
