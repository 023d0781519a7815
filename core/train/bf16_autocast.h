#pragma once

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace hullft {

// Scope in which CUDA matmuls run in bf16 (autocast) while weights and optimizer state stay
// float32. A no-op off CUDA. The autocast API moved in LibTorch 2.4; both spellings are kept.
class Bf16AutocastScope {
public:
    explicit Bf16AutocastScope(bool enable) : enabled_(enable) {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
        at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
        at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        at::autocast::set_enabled(true);
#endif
    }
    ~Bf16AutocastScope() {
        if (!enabled_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
        at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
        at::autocast::set_enabled(false);
#endif
        at::autocast::clear_cache();
    }
    Bf16AutocastScope(const Bf16AutocastScope&) = delete;
    Bf16AutocastScope& operator=(const Bf16AutocastScope&) = delete;

private:
    bool enabled_;
};

}  // namespace hullft
