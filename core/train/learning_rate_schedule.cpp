#include "train/learning_rate_schedule.h"

#include <algorithm>
#include <cmath>

namespace hullft {

double warmupCosineLearningRate(int64_t step, int64_t warmupSteps, int64_t totalSteps, double peak, double floor) {
    if (step < warmupSteps) return peak * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
    const double span = static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
    const double progress = std::min(1.0, static_cast<double>(step - warmupSteps) / span);
    return floor + 0.5 * (peak - floor) * (1.0 + std::cos(M_PI * progress));
}

}  // namespace hullft
