#include "selection/vector_math.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include <omp.h>

namespace hullft {
namespace {

// Four 512-bit accumulators (or eight 256-bit ones) keep both FMA pipes busy.
constexpr std::size_t kDoubleLanes = 32;
constexpr std::size_t kFloatLanes = 64;

// `Lanes` running sums held as 64-byte vectors, so they stay in registers (arrays of scalars were
// kept on the stack, each addition a store and a reload). Lane l sums the products of elements
// l, l + Lanes, l + 2 Lanes, ...; sum() folds the lanes in a pairwise tree (lane l += lane
// l + width, width halving from Lanes / 2), the order every caller shares.
template <typename T, std::size_t Lanes>
struct LaneSums {
    typedef T Vector __attribute__((vector_size(64)));
    static constexpr std::size_t kWidth = 64 / sizeof(T);
    static constexpr std::size_t kVectors = Lanes / kWidth;
    static_assert(Lanes % kWidth == 0, "whole vectors of lanes");
    Vector acc[kVectors] = {};

    // By reference, not by value: a 64-byte vector has no portable calling convention.
    __attribute__((always_inline)) static void load(Vector& v, const T* p) { std::memcpy(&v, p, sizeof v); }
    // Lanes 0..Lanes-1 += x[l] * y[l], where x and y are the Lanes elements at the current block.
    __attribute__((always_inline)) void add(const Vector* x, const Vector* y) {
        for (std::size_t v = 0; v < kVectors; ++v) acc[v] += x[v] * y[v];
    }
    // One lane, for the tail shorter than Lanes.
    __attribute__((always_inline)) void addLane(std::size_t lane, T x, T y) { acc[lane / kWidth][lane % kWidth] += x * y; }
    __attribute__((always_inline)) T sum() {
        std::size_t width = Lanes / 2;
        for (; width >= kWidth; width /= 2)
            for (std::size_t v = 0; v < width / kWidth; ++v) acc[v] += acc[v + width / kWidth];
        for (; width > 0; width /= 2)
            for (std::size_t l = 0; l < width; ++l) acc[0][l] += acc[0][l + width];
        return acc[0][0];
    }
};

template <typename T, std::size_t Lanes>
__attribute__((always_inline)) inline T laneDot(const T* a, const T* b, std::size_t n) {
    using Sums = LaneSums<T, Lanes>;
    Sums sums;
    std::size_t i = 0;
    for (; i + Lanes <= n; i += Lanes) {
        typename Sums::Vector x[Sums::kVectors], y[Sums::kVectors];
        for (std::size_t v = 0; v < Sums::kVectors; ++v) {
            Sums::load(x[v], a + i + v * Sums::kWidth);
            Sums::load(y[v], b + i + v * Sums::kWidth);
        }
        sums.add(x, y);
    }
    for (std::size_t l = 0; i + l < n; ++l) sums.addLane(l, a[i + l], b[i + l]);
    return sums.sum();
}

// out = a - b, and the lane sums of out.out and, when `c` is given, c.out: the same lanes and
// tree as laneDot, so each equals dot() of the stored difference bit for bit.
template <std::size_t Lanes>
__attribute__((always_inline)) inline void laneDifferenceDots(const double* a, const double* b, const double* c,
                                                              double* out, std::size_t n, double& self,
                                                              double& withC) {
    using Sums = LaneSums<double, Lanes>;
    Sums selfSums, cSums;
    std::size_t i = 0;
    for (; i + Lanes <= n; i += Lanes) {
        typename Sums::Vector difference[Sums::kVectors], other[Sums::kVectors];
        for (std::size_t v = 0; v < Sums::kVectors; ++v) {
            const std::size_t at = i + v * Sums::kWidth;
            typename Sums::Vector subtrahend;
            Sums::load(difference[v], a + at);
            Sums::load(subtrahend, b + at);
            difference[v] -= subtrahend;
            std::memcpy(out + at, &difference[v], sizeof difference[v]);
            if (c) Sums::load(other[v], c + at);
        }
        selfSums.add(difference, difference);
        if (c) cSums.add(other, difference);
    }
    for (std::size_t l = 0; i + l < n; ++l) {
        out[i + l] = a[i + l] - b[i + l];
        selfSums.addLane(l, out[i + l], out[i + l]);
        if (c) cSums.addLane(l, c[i + l], out[i + l]);
    }
    self = selfSums.sum();
    withC = c ? cSums.sum() : 0.0;
}

// One 64-byte vector of lanes per accumulator: 16 float32 or 8 float64 lanes, one AVX-512
// register or two AVX2 ones.
template <typename T>
using BlockLanes = LaneSums<T, 64 / sizeof(T)>;
constexpr std::size_t kManyLanes = BlockLanes<float>::kWidth;

// The sum of one accumulator's lanes in a pairwise tree: lane l += lane l + width, width halving
// from half the lanes. Every block shape sums its accumulators this way, so a value does not
// depend on the block it falls in.
template <typename Vector>
__attribute__((always_inline)) inline auto treeSum(const Vector& accumulator) {
    Vector lanes = accumulator;
    constexpr std::size_t kLanes = sizeof(Vector) / sizeof(lanes[0]);
    for (std::size_t width = kLanes / 2; width > 0; width /= 2)
        for (std::size_t l = 0; l < width; ++l) lanes[l] += lanes[l + width];
    return lanes[0];
}

// treeSum of 16 float32 accumulators at once: four rounds of shuffles and vector additions (the
// same additions, in the same order) instead of 240 scalar ones, which cost a 4x4 block over
// d = 1024 a quarter of its time. Result lane 4 v + r holds the sum of accumulator 4 r + v.
typedef float Floats __attribute__((vector_size(64)));
typedef int FloatIndices __attribute__((vector_size(64)));

#if defined(__GNUC__) && !defined(__clang__)
// One round of treeSums16: out[p] = the lanes `low` of the pair (in[2 p], in[2 p + 1]) plus its
// lanes `high`.
__attribute__((always_inline)) inline void addShuffledPairs(const Floats* in, Floats* out, std::size_t count,
                                                           const FloatIndices& low, const FloatIndices& high) {
    for (std::size_t p = 0; p < count; ++p)
        out[p] = __builtin_shuffle(in[2 * p], in[2 * p + 1], low) + __builtin_shuffle(in[2 * p], in[2 * p + 1], high);
}

__attribute__((always_inline)) inline void treeSums16(const Floats* acc, Floats& sums) {
    // Round 1: lanes 0-7 += lanes 8-15, two accumulators per result.
    Floats halves[8];
    addShuffledPairs(acc, halves, 8, FloatIndices{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23},
                     FloatIndices{8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31});
    // Round 2: lanes 0-3 += lanes 4-7; 128-bit chunk k of quarters[p] is accumulator 4 p + k.
    Floats quarters[4];
    addShuffledPairs(halves, quarters, 4, FloatIndices{0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27},
                     FloatIndices{4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31});
    // Round 3: lanes 0-1 += lanes 2-3 within each chunk.
    Floats pairs[2];
    addShuffledPairs(quarters, pairs, 2, FloatIndices{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29},
                     FloatIndices{2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31});
    // Round 4: lane 0 += lane 1.
    addShuffledPairs(pairs, &sums, 1, FloatIndices{0, 2, 16, 18, 4, 6, 20, 22, 8, 10, 24, 26, 12, 14, 28, 30},
                     FloatIndices{1, 3, 17, 19, 5, 7, 21, 23, 9, 11, 25, 27, 13, 15, 29, 31});
}
#else
// Compilers without GCC's __builtin_shuffle (clang): the same sums, one accumulator at a time.
inline void treeSums16(const Floats* acc, Floats& sums) {
    for (std::size_t r = 0; r < 4; ++r)
        for (std::size_t v = 0; v < 4; ++v) sums[4 * v + r] = treeSum(acc[4 * r + v]);
}
#endif

// sums[v][r] = rows[r] . vectors[v] for R rows and V vectors: R*V accumulators stay in registers
// while each chunk of a row is loaded once. Each accumulator's lanes are then summed by treeSum.
template <typename T, std::size_t R, std::size_t V>
__attribute__((always_inline)) inline void blockDots(const T* const* rows, std::size_t n, const T* const* vectors,
                                                     T* out, std::size_t count) {
    using Lanes = BlockLanes<T>;
    constexpr std::size_t kLanes = Lanes::kWidth;
    typename Lanes::Vector acc[R * V] = {};  // acc[r * V + v]
    std::size_t k = 0;
    for (; k + kLanes <= n; k += kLanes) {
        typename Lanes::Vector x[V];
        for (std::size_t v = 0; v < V; ++v) Lanes::load(x[v], vectors[v] + k);
        for (std::size_t r = 0; r < R; ++r) {
            typename Lanes::Vector a;
            Lanes::load(a, rows[r] + k);
            for (std::size_t v = 0; v < V; ++v) acc[r * V + v] += a * x[v];
        }
    }
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t v = 0; v < V; ++v)
            for (std::size_t l = 0; k + l < n; ++l) acc[r * V + v][l] += rows[r][k + l] * vectors[v][k + l];
    if constexpr (std::is_same_v<T, float> && R == 4 && V == 4) {
        Floats sums;
        treeSums16(acc, sums);
        for (std::size_t v = 0; v < V; ++v)
            for (std::size_t r = 0; r < R; ++r) out[v * count + r] = sums[4 * v + r];
    } else {
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t v = 0; v < V; ++v) out[v * count + r] = treeSum(acc[r * V + v]);
    }
}

double boundForDepth(double depth) {
    const double unitRoundoff = 0x1p-24;
    return 2.0 * depth * unitRoundoff * (1.0 + depth * unitRoundoff);
}

}  // namespace

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

HULLFT_VECTOR_CLONES double differenceSquaredNorm(const double* a, const double* b, double* out, std::size_t n) {
    double self = 0.0, unused = 0.0;
    laneDifferenceDots<kDoubleLanes>(a, b, nullptr, out, n, self, unused);
    return self;
}

HULLFT_VECTOR_CLONES DifferenceDots differenceDots(const double* a, const double* b, const double* c, double* out,
                                                   std::size_t n) {
    DifferenceDots dots;
    laneDifferenceDots<kDoubleLanes>(a, b, c, out, n, dots.self, dots.with_c);
    return dots;
}

namespace {

// Rows [first, last) of dotRowsMany; `out` keeps the full layout (stride `count`).
template <typename T>
__attribute__((always_inline)) inline void dotRowRangeMany(const T* const* rows, std::size_t count, std::size_t first,
                                                           std::size_t last, std::size_t n, const T* const* vectors,
                                                           std::size_t vectorCount, T* out) {
    const std::size_t rangeRows = last - first;
    std::size_t v = 0;
    for (; v + 4 <= vectorCount; v += 4) {
        std::size_t i = 0;
        for (; i + 4 <= rangeRows; i += 4)
            blockDots<T, 4, 4>(rows + first + i, n, vectors + v, out + v * count + first + i, count);
        for (; i < rangeRows; ++i)
            blockDots<T, 1, 4>(rows + first + i, n, vectors + v, out + v * count + first + i, count);
    }
    for (; v < vectorCount; ++v) {
        std::size_t i = 0;
        for (; i + 4 <= rangeRows; i += 4)
            blockDots<T, 4, 1>(rows + first + i, n, vectors + v, out + v * count + first + i, count);
        for (; i < rangeRows; ++i)
            blockDots<T, 1, 1>(rows + first + i, n, vectors + v, out + v * count + first + i, count);
    }
}

HULLFT_VECTOR_CLONES void dotRowRangeMany(const float* const* rows, std::size_t count, std::size_t first,
                                          std::size_t last, std::size_t n, const float* const* vectors,
                                          std::size_t vectorCount, float* out) {
    dotRowRangeMany<float>(rows, count, first, last, n, vectors, vectorCount, out);
}

HULLFT_VECTOR_CLONES void dotRowRangeMany(const double* const* rows, std::size_t count, std::size_t first,
                                          std::size_t last, std::size_t n, const double* const* vectors,
                                          std::size_t vectorCount, double* out) {
    dotRowRangeMany<double>(rows, count, first, last, n, vectors, vectorCount, out);
}

// dotRowsMany for either type.
template <typename T>
void dotRowsManyOf(const T* const* rows, std::size_t count, std::size_t n, const T* const* vectors,
                   std::size_t vectorCount, T* out) {
    // Below ~4M products a second thread costs more than it saves: Frank-Wolfe's Gram passes
    // (K = 200 rows x 4 columns x d = 1024, 0.8M products, with ~10 us of serial work between
    // them) made FW 0.40 ms split over the 2-core VM's two threads and 0.34 ms on one. A pool of
    // K = 200 rows gains nothing past a few threads. The processor count, not
    // omp_get_max_threads(): LibTorch sets the latter to its own intra-op thread count, often 1.
    constexpr int kMostThreads = 4;
    const std::size_t products = count * n * vectorCount;
    const int threads =
        products >= 4000000 ? std::min({omp_get_num_procs(), kMostThreads, static_cast<int>(count / 4)}) : 1;
    if (threads <= 1) {
        dotRowRangeMany(rows, count, 0, count, n, vectors, vectorCount, out);
        return;
    }
    // Each thread takes a contiguous run of whole 4-row blocks; every value is computed by
    // exactly one thread in the same order, so the result does not depend on the thread count.
    const std::size_t blocks = (count + 3) / 4;
#pragma omp parallel num_threads(threads)
    {
        const std::size_t thread = static_cast<std::size_t>(omp_get_thread_num());
        const std::size_t team = static_cast<std::size_t>(omp_get_num_threads());
        const std::size_t first = std::min(count, blocks * thread / team * 4);
        const std::size_t last = std::min(count, blocks * (thread + 1) / team * 4);
        if (first < last) dotRowRangeMany(rows, count, first, last, n, vectors, vectorCount, out);
    }
}

}  // namespace

void dotRowsMany(const float* const* rows, std::size_t count, std::size_t n, const float* const* vectors,
                 std::size_t vectorCount, float* out) {
    dotRowsManyOf(rows, count, n, vectors, vectorCount, out);
}

void dotRowsMany(const double* const* rows, std::size_t count, std::size_t n, const double* const* vectors,
                 std::size_t vectorCount, double* out) {
    dotRowsManyOf(rows, count, n, vectors, vectorCount, out);
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

double floatDotManyErrorBound(std::size_t n) {
    // Inputs rounded to float32 (2u), one rounding per product, n / 16 additions per lane, then
    // the 16 lanes summed in a four-level tree; doubled to cover the float64 reference's own error.
    return boundForDepth(static_cast<double>(n / kManyLanes + 1 + 4 + 3));
}

}  // namespace hullft
