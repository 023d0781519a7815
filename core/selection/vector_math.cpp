#include "selection/vector_math.h"

namespace hullft {
namespace {

// Four 512-bit accumulators (or eight 256-bit ones) keep both FMA pipes busy.
constexpr std::size_t kDoubleLanes = 32;
constexpr std::size_t kFloatLanes = 64;

template <typename T, std::size_t Lanes>
__attribute__((always_inline)) inline T laneDot(const T* a, const T* b, std::size_t n) {
    T acc[Lanes] = {};
    std::size_t i = 0;
    for (; i + Lanes <= n; i += Lanes)
        for (std::size_t l = 0; l < Lanes; ++l) acc[l] += a[i + l] * b[i + l];
    for (std::size_t l = 0; i + l < n; ++l) acc[l] += a[i + l] * b[i + l];
    for (std::size_t width = Lanes / 2; width > 0; width /= 2)
        for (std::size_t l = 0; l < width; ++l) acc[l] += acc[l + width];
    return acc[0];
}

}  // namespace

// One binary for every x86-64 machine; the loader picks the widest vector unit present.
#define HULLFT_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

HULLFT_VECTOR_CLONES double dot(const double* a, const double* b, std::size_t n) {
    return laneDot<double, kDoubleLanes>(a, b, n);
}

HULLFT_VECTOR_CLONES float dot(const float* a, const float* b, std::size_t n) {
    return laneDot<float, kFloatLanes>(a, b, n);
}

HULLFT_VECTOR_CLONES void dotRows(const float* rows, std::size_t count, std::size_t n, const float* v,
                                  float* out) {
    for (std::size_t i = 0; i < count; ++i) out[i] = laneDot<float, kFloatLanes>(rows + i * n, v, n);
}

void sequentialDotRows(const float* rows, std::size_t count, std::size_t n, const float* v, float* out) {
    // Eight rows at a time: eight independent addition chains instead of one.
    constexpr std::size_t kBlock = 8;
    std::size_t i = 0;
    for (; i + kBlock <= count; i += kBlock) {
        float sums[kBlock] = {};
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t r = 0; r < kBlock; ++r) sums[r] += rows[(i + r) * n + k] * v[k];
        for (std::size_t r = 0; r < kBlock; ++r) out[i + r] = sums[r];
    }
    for (; i < count; ++i) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < n; ++k) sum += rows[i * n + k] * v[k];
        out[i] = sum;
    }
}

double floatDotErrorBound(std::size_t n) {
    // Inputs rounded to float32 (2u), one rounding per product, n / lanes sequential additions
    // per lane and log2(lanes) in the tree; doubled to cover the float64 reference's own error.
    const double unitRoundoff = 0x1p-24;
    const double depth = static_cast<double>(n / kFloatLanes + 1 + 6 + 3);
    return 2.0 * depth * unitRoundoff * (1.0 + depth * unitRoundoff);
}

}  // namespace hullft
