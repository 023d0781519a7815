#pragma once

#include <cstdint>

namespace hullft {

// Linear warm-up from 0 to `peak` over `warmupSteps`, then cosine decay to `floor` at `totalSteps`.
double warmupCosineLearningRate(int64_t step, int64_t warmupSteps, int64_t totalSteps, double peak, double floor);

}  // namespace hullft
