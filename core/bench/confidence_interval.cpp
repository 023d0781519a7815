#include "bench/confidence_interval.h"

#include <cmath>
#include <limits>

namespace hullft {

double studentT975(int degreesOfFreedom) {
    // Exact to 3 decimals for 1..30 (standard tables); beyond, the Cornish-Fisher expansion
    // around the normal quantile, within 1e-4 of the exact value.
    static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                    2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                    2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (degreesOfFreedom < 1) return std::numeric_limits<double>::quiet_NaN();
    if (degreesOfFreedom <= 30) return kTable[degreesOfFreedom - 1];
    const double z = 1.959963984540054, v = degreesOfFreedom;
    const double z3 = z * z * z, z5 = z3 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
}

MeanInterval meanWithInterval95(const std::vector<double>& values) {
    MeanInterval interval;
    interval.count = static_cast<int>(values.size());
    if (values.empty()) {
        interval.mean = interval.low = interval.high = std::numeric_limits<double>::quiet_NaN();
        return interval;
    }
    double sum = 0.0;
    for (const double v : values) sum += v;
    interval.mean = sum / static_cast<double>(values.size());
    if (values.size() < 2) {
        interval.low = interval.high = std::numeric_limits<double>::quiet_NaN();
        return interval;
    }
    double squares = 0.0;
    for (const double v : values) squares += (v - interval.mean) * (v - interval.mean);
    const double standardError = std::sqrt(squares / static_cast<double>(values.size() - 1) / static_cast<double>(values.size()));
    const double halfWidth = studentT975(interval.count - 1) * standardError;
    interval.low = interval.mean - halfWidth;
    interval.high = interval.mean + halfWidth;
    return interval;
}

}  // namespace hullft
