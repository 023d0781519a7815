#pragma once

#include <vector>

#include "events/events.h"

namespace hullft::ui {

// The support ordered by weight, heaviest first (ties keep selection order): the rank order
// shared by the support table and the weight charts.
std::vector<SupportPoint> rankedSupport(std::vector<SupportPoint> support);

// True for methods whose weights are convex weights (they sum to one), as opposed to scores.
bool hasConvexWeights(const std::string& method);

}  // namespace hullft::ui
