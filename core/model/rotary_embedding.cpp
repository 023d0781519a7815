#include "model/rotary_embedding.h"

#include <cmath>

namespace hullft {
namespace {

// Llama 3.1: wavelengths longer than original / low_freq_factor are slowed by `factor`, shorter
// than original / high_freq_factor kept, and those between interpolated smoothly.
torch::Tensor llama3Frequencies(const torch::Tensor& inverse, const RopeSettings& rope) {
    const double original = static_cast<double>(rope.originalMaxPositions);
    const double lowFreqWavelength = original / rope.lowFreqFactor;
    const double highFreqWavelength = original / rope.highFreqFactor;
    const torch::Tensor wavelength = 2 * M_PI / inverse;
    const torch::Tensor scaled = torch::where(wavelength > lowFreqWavelength, inverse / rope.factor, inverse);
    const torch::Tensor smooth =
        (original / wavelength - rope.lowFreqFactor) / (rope.highFreqFactor - rope.lowFreqFactor);
    const torch::Tensor smoothed = (1 - smooth) * scaled / rope.factor + smooth * scaled;
    const torch::Tensor medium =
        wavelength.lt(highFreqWavelength).logical_not().logical_and(wavelength.gt(lowFreqWavelength).logical_not());
    return torch::where(medium, smoothed, scaled);
}

torch::Tensor rotateHalf(const torch::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

}  // namespace

torch::Tensor rotaryInverseFrequencies(const RopeSettings& settings) {
    const torch::Tensor exponents = torch::arange(0, settings.rotaryDim, 2, torch::kInt64).to(torch::kFloat32) /
                                    static_cast<double>(settings.rotaryDim);
    torch::Tensor inverse = 1.0 / torch::pow(settings.theta, exponents);
    if (settings.type == "linear") inverse = inverse / settings.factor;
    if (settings.type == "llama3") inverse = llama3Frequencies(inverse, settings);
    return inverse.to(torch::kFloat32);
}

std::pair<torch::Tensor, torch::Tensor> rotaryCosSin(const torch::Tensor& positions,
                                                     const torch::Tensor& inverseFrequencies) {
    const torch::Tensor angles = positions.to(torch::kFloat32).unsqueeze(1) * inverseFrequencies.unsqueeze(0);
    const torch::Tensor both = torch::cat({angles, angles}, -1);
    return {both.cos(), both.sin()};
}

torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    const int64_t rotaryDim = cos.size(-1);
    const torch::Tensor rotated = x.narrow(-1, 0, rotaryDim);
    const torch::Tensor embedded = rotated * cos + rotateHalf(rotated) * sin;
    if (rotaryDim == x.size(-1)) return embedded;
    return torch::cat({embedded, x.narrow(-1, rotaryDim, x.size(-1) - rotaryDim)}, -1);
}

}  // namespace hullft
