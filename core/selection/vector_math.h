#pragma once

#include <cstddef>

// On a function definition: one binary for every x86-64 machine, the loader picks the clone for
// the widest vector unit present. Elsewhere (ARM) and with the CMake option HULLFT_VECTOR_CLONES
// off, only the portable code is built: the compiler lowers the vector types to what the target
// has. The summation order is in the code, but the AVX2/AVX-512 clones may fuse multiply-adds,
// so a float64 value can differ in its last bits between a clone and the portable code; within
// one binary every value is reproducible, and the golden cases hold on both (.ci/portable.sh).
#if defined(HULLFT_X86_VECTOR_CLONES)
#define HULLFT_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define HULLFT_VECTOR_CLONES
#endif

namespace hullft {

// Dot products with a fixed summation order (interleaved lanes, then a pairwise tree), so a
// value computed twice is bitwise the same, wherever it is called from.
double dot(const double* a, const double* b, std::size_t n);
float dot(const float* a, const float* b, std::size_t n);

// out = a - b; returns dot(out, out), bit for bit as dot() of the stored difference would.
double differenceSquaredNorm(const double* a, const double* b, double* out, std::size_t n);

// out = a - b with dot(out, out) and dot(c, out), each bit for bit as dot() would give them:
// one pass where FW needs three.
struct DifferenceDots {
    double self = 0.0;
    double with_c = 0.0;
};
DifferenceDots differenceDots(const double* a, const double* b, const double* c, double* out, std::size_t n);

// out[i] = dot(row i of `rows`, v) for `count` rows of length n, in float32.
void dotRows(const float* rows, std::size_t count, std::size_t n, const float* v, float* out);

// out[i] = row i . v summed left to right in float32, each product rounded: the scores FAISS
// and NumPy give for the golden kNN cases, bit for bit. Not vectorised across k on purpose.
void sequentialDotRows(const float* rows, std::size_t count, std::size_t n, const float* v, float* out);

// out[v * count + i] = dot(rows[i], vectors[v]) in float32 for `count` rows and `vectorCount`
// vectors, each of length n. A block of four rows is read once for four vectors, so k Gram
// columns cost far less than k dotRows passes. Each value is the same bit for bit with the roles
// of row and vector swapped, and whatever the block it falls in. Large calls split the rows over
// the OpenMP threads; the values do not depend on how many there are.
void dotRowsMany(const float* const* rows, std::size_t count, std::size_t n, const float* const* vectors,
                 std::size_t vectorCount, float* out);
// The same in float64 (8 lanes per accumulator), for Gram blocks of the support.
void dotRowsMany(const double* const* rows, std::size_t count, std::size_t n, const double* const* vectors,
                 std::size_t vectorCount, double* out);

// Bound on |float32 dotRowsMany value - exact a.b| relative to ||a|| ||b||, counting the rounding
// of float64 inputs to float32 and dotRowsMany's summation depth. Screening uses it to know which
// float32 scores could still hide the float64 maximum.
double floatDotManyErrorBound(std::size_t n);

}  // namespace hullft
