#include "finetune/adam_kernel.h"

#include <stdexcept>
#include <string>

namespace hullft {
namespace {

constexpr int kThreads = 512;
constexpr int kWarp = 32;

// Sum over the block in a fixed order (per-warp shuffles, then the warps' sums), so the
// result does not depend on scheduling. Every thread gets the block's total.
__device__ double blockSum(double value) {
    __shared__ double warpSums[kThreads / kWarp];
    for (int offset = kWarp / 2; offset > 0; offset /= 2) value += __shfl_down_sync(0xffffffffu, value, offset);
    const int lane = threadIdx.x % kWarp;
    const int warp = threadIdx.x / kWarp;
    if (lane == 0) warpSums[warp] = value;
    __syncthreads();
    double total = 0.0;
    for (int i = 0; i < kThreads / kWarp; ++i) total += warpSums[i];
    __syncthreads();  // warpSums may be reused by the caller's next blockSum
    return total;
}

// The slot a chunk belongs to: the last one whose first_chunk <= chunk.
__device__ int slotOfChunk(const AdamKernelSlot* slots, int slotCount, int64_t chunk) {
    int low = 0;
    int high = slotCount - 1;
    while (low < high) {
        const int middle = (low + high + 1) / 2;
        if (slots[middle].first_chunk <= chunk) low = middle;
        else high = middle - 1;
    }
    return low;
}

// The arithmetic of torch's fused Adam (ADAM_MODE::ORIGINAL) in float32 on one weight; adds the
// squared change of the weight, in float64, to `squared`.
__device__ __forceinline__ void adamElement(float& param, float grad, float& exp_avg, float& exp_avg_sq,
                                            const AdamKernelScalars& s, double& squared) {
    if (s.weight_decay != 0.0f) grad += s.weight_decay * param;
    exp_avg = s.beta1 * exp_avg + (1.0f - s.beta1) * grad;
    exp_avg_sq = s.beta2 * exp_avg_sq + (1.0f - s.beta2) * grad * grad;
    const float denom = sqrtf(exp_avg_sq) / s.bias_correction2_sqrt + s.eps;
    const float updated = param - s.step_size * exp_avg / denom;
    const double change = static_cast<double>(updated) - static_cast<double>(param);
    squared += change * change;
    param = updated;
}

__device__ __forceinline__ void adamVector(float4& param, const float4& grad, float4& exp_avg, float4& exp_avg_sq,
                                           const AdamKernelScalars& s, double& squared) {
    adamElement(param.x, grad.x, exp_avg.x, exp_avg_sq.x, s, squared);
    adamElement(param.y, grad.y, exp_avg.y, exp_avg_sq.y, s, squared);
    adamElement(param.z, grad.z, exp_avg.z, exp_avg_sq.z, s, squared);
    adamElement(param.w, grad.w, exp_avg.w, exp_avg_sq.w, s, squared);
}

// One chunk per block; each block writes its sum of squared changes to partials[chunk]. On the
// first step the moments are taken as zero instead of read (their buffers are uninitialized).
__global__ void adamChunks(const AdamKernelSlot* slots, int slotCount, AdamKernelScalars s, double* partials) {
    const int64_t chunk = blockIdx.x;
    const AdamKernelSlot slot = slots[slotOfChunk(slots, slotCount, chunk)];
    const int64_t begin = (chunk - slot.first_chunk) * kAdamKernelChunk;
    const int64_t end = begin + kAdamKernelChunk < slot.numel ? begin + kAdamKernelChunk : slot.numel;
    double squared = 0.0;
    if (slot.vectorized) {
        float4* __restrict__ param = reinterpret_cast<float4*>(slot.param);
        const float4* __restrict__ grad = reinterpret_cast<const float4*>(slot.grad);
        float4* __restrict__ exp_avg = reinterpret_cast<float4*>(slot.exp_avg);
        float4* __restrict__ exp_avg_sq = reinterpret_cast<float4*>(slot.exp_avg_sq);
        for (int64_t i = begin / 4 + threadIdx.x; i < end / 4; i += kThreads) {
            float4 p = param[i];
            float4 m = s.first_step ? make_float4(0.f, 0.f, 0.f, 0.f) : exp_avg[i];
            float4 v = s.first_step ? make_float4(0.f, 0.f, 0.f, 0.f) : exp_avg_sq[i];
            adamVector(p, grad[i], m, v, s, squared);
            param[i] = p;
            exp_avg[i] = m;
            exp_avg_sq[i] = v;
        }
    } else {
        for (int64_t i = begin + threadIdx.x; i < end; i += kThreads) {
            float p = slot.param[i];
            float m = s.first_step ? 0.0f : slot.exp_avg[i];
            float v = s.first_step ? 0.0f : slot.exp_avg_sq[i];
            adamElement(p, slot.grad[i], m, v, s, squared);
            slot.param[i] = p;
            slot.exp_avg[i] = m;
            slot.exp_avg_sq[i] = v;
        }
    }
    const double total = blockSum(squared);
    if (threadIdx.x == 0) partials[chunk] = total;
}

__global__ void sqrtOfSum(const double* partials, int64_t count, double* result) {
    double sum = 0.0;
    for (int64_t i = threadIdx.x; i < count; i += kThreads) sum += partials[i];
    const double total = blockSum(sum);
    if (threadIdx.x == 0) *result = sqrt(total);
}

void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess) throw std::runtime_error(std::string("Adam kernel: ") + what + ": " + cudaGetErrorString(status));
}

}  // namespace

void launchAdamKernel(const AdamKernelSlot* slots, int slot_count, int64_t total_chunks, AdamKernelScalars scalars,
                      double* partials, double* update_norm, cudaStream_t stream) {
    if (slot_count <= 0 || total_chunks <= 0) return;
    adamChunks<<<static_cast<unsigned>(total_chunks), kThreads, 0, stream>>>(slots, slot_count, scalars, partials);
    check(cudaGetLastError(), "update launch");
    sqrtOfSum<<<1, kThreads, 0, stream>>>(partials, total_chunks, update_norm);
    check(cudaGetLastError(), "norm launch");
}

}  // namespace hullft
