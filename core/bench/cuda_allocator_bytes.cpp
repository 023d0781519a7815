#include "bench/cuda_allocator_bytes.h"

#ifdef HULLFT_CUDA_ALLOCATOR_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace hullft {

#ifdef HULLFT_CUDA_ALLOCATOR_STATS

namespace {

int deviceIndex(const c10::Device& device) { return device.has_index() ? device.index() : 0; }

}  // namespace

void resetCudaAllocatorPeak(const c10::Device& device) {
    if (device.is_cuda()) c10::cuda::CUDACachingAllocator::resetPeakStats(deviceIndex(device));
}

std::optional<CudaAllocatorBytes> cudaAllocatorBytes(const c10::Device& device) {
    if (!device.is_cuda()) return std::nullopt;
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(deviceIndex(device));
    constexpr size_t kAggregate = 0;  // StatType::AGGREGATE, whose namespace moved across LibTorch 2.x
    const auto& allocated = stats.allocated_bytes[kAggregate];
    return CudaAllocatorBytes{allocated.current, allocated.peak};
}

#else  // a CPU-only LibTorch: no CUDA device exists

void resetCudaAllocatorPeak(const c10::Device&) {}
std::optional<CudaAllocatorBytes> cudaAllocatorBytes(const c10::Device&) { return std::nullopt; }

#endif

}  // namespace hullft
