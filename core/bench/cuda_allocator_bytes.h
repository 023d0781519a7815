#pragma once

#include <c10/core/Device.h>

#include <cstdint>
#include <optional>

namespace hullft {

// The CUDA caching allocator's counters for one device: the bytes allocated now and the most
// allocated since the last reset (torch.cuda.memory_allocated() and max_memory_allocated()).
struct CudaAllocatorBytes {
    int64_t current = 0;
    int64_t peak = 0;
};

// Starts a new peak on `device` at the current value; nothing where it cannot be read.
void resetCudaAllocatorPeak(const c10::Device& device);
// nullopt where it cannot be read: not a CUDA device, or a build against a CPU-only LibTorch.
std::optional<CudaAllocatorBytes> cudaAllocatorBytes(const c10::Device& device);

}  // namespace hullft
