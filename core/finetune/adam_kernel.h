#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>

namespace hullft {

// One float32 parameter tensor as the fused Adam kernel sees it: contiguous parameter,
// gradient and both moments, and where its chunks start in the launch's chunk numbering.
struct AdamKernelSlot {
    float* param;
    const float* grad;
    float* exp_avg;
    float* exp_avg_sq;
    int64_t numel;
    int64_t first_chunk;
    int32_t vectorized;  // all four 16-byte aligned and numel % 4 == 0: float4 loads and stores
};

// The step's scalars, computed once on the host (bias corrections from the step count).
struct AdamKernelScalars {
    float beta1, beta2;
    float step_size;               // lr / (1 - beta1^t)
    float bias_correction2_sqrt;   // sqrt(1 - beta2^t)
    float eps;
    float weight_decay;            // L2, added to the gradient as torch::optim::Adam does
    int32_t first_step;            // the moments are not read (they start at zero): no zeroed buffers needed
};

// Elements one block updates; a tensor of n elements takes ceil(n / kAdamKernelChunk) chunks.
constexpr int64_t kAdamKernelChunk = 16384;

// One Adam step over every slot (a device array, sorted by first_chunk) in one launch, which
// also measures the step: `update_norm` (one device double) receives the L2 norm of
// (new - old) weights, summed in float64 in a fixed order (the same value every run).
// `partials` holds `total_chunks` doubles of scratch. Asynchronous on `stream`.
void launchAdamKernel(const AdamKernelSlot* slots, int slot_count, int64_t total_chunks, AdamKernelScalars scalars,
                      double* partials, double* update_norm, cudaStream_t stream);

}  // namespace hullft
