#pragma once

#include <vector>

namespace hullft {

// A sample mean with its two-sided 95% confidence interval.
struct MeanInterval {
    double mean = 0.0;
    double low = 0.0;   // NaN when fewer than two values
    double high = 0.0;  // NaN when fewer than two values
    int count = 0;
};

// Student-t interval of the mean: mean ± t(0.975, count-1) · s / √count. For a paired
// comparison pass the per-query differences (or relative changes).
MeanInterval meanWithInterval95(const std::vector<double>& values);

// The 0.975 quantile of Student's t distribution with `degreesOfFreedom` (>= 1).
double studentT975(int degreesOfFreedom);

}  // namespace hullft
